package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static app.essence.profiles.Api.createProfile;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AvatarTests {
    private static final Path STORAGE = Path.of("target/test-storage");

    @Test
    void pngIsStoredAtTheSeedPathAndServedBack() throws IOException {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Mum");
        byte[] png = image("png");
        as(user).contentType("application/octet-stream").body(png).put("/v1/profiles/" + id + "/avatar")
                .then().statusCode(200)
                .body("has_avatar", equalTo(true))
                .body("avatar_updated_at", notNullValue());
        Path stored = STORAGE.resolve("avatars/" + user + "/" + id + ".png");
        assertArrayEquals(png, Files.readAllBytes(stored));
        byte[] served = as(user).get("/v1/profiles/" + id + "/avatar").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertArrayEquals(png, served);
    }

    @Test
    void jpegReplacesPngAndTheOldFileIsRemoved() throws IOException {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Dad");
        as(user).body(image("png")).put("/v1/profiles/" + id + "/avatar").then().statusCode(200);
        byte[] jpeg = image("jpg");
        as(user).contentType("image/png").body(jpeg).put("/v1/profiles/" + id + "/avatar").then().statusCode(200);
        assertFalse(Files.exists(STORAGE.resolve("avatars/" + user + "/" + id + ".png")));
        assertTrue(Files.exists(STORAGE.resolve("avatars/" + user + "/" + id + ".jpg")));
        as(user).get("/v1/profiles/" + id + "/avatar").then().statusCode(200).contentType("image/jpeg");
    }

    @Test
    void webpIsAccepted() {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Gran");
        byte[] webp = webp();
        as(user).body(webp).put("/v1/profiles/" + id + "/avatar").then().statusCode(200);
        as(user).get("/v1/profiles/" + id + "/avatar").then().statusCode(200).contentType("image/webp");
    }

    @Test
    void notAnImageIs415WhateverTheContentTypeSays() {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Uncle");
        as(user).contentType("image/png").body("GIF89a pretending".getBytes(StandardCharsets.US_ASCII))
                .put("/v1/profiles/" + id + "/avatar").then().statusCode(415)
                .contentType("application/problem+json");
        as(user).get("/v1/profiles/" + id).then().body("has_avatar", equalTo(false));
    }

    @Test
    void over5MbIs413AndNothingIsStored() {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Aunt");
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        new Random(7).nextBytes(big);
        System.arraycopy(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A }, 0, big, 0, 8);
        as(user).body(big).put("/v1/profiles/" + id + "/avatar").then().statusCode(413)
                .contentType("application/problem+json");
        assertFalse(Files.exists(STORAGE.resolve("avatars/" + user + "/" + id + ".png")));
        as(user).get("/v1/profiles/" + id + "/avatar").then().statusCode(404);
    }

    @Test
    void deleteRemovesTheFile() throws IOException {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Sis");
        as(user).body(image("png")).put("/v1/profiles/" + id + "/avatar").then().statusCode(200);
        as(user).delete("/v1/profiles/" + id + "/avatar").then().statusCode(204);
        assertFalse(Files.exists(STORAGE.resolve("avatars/" + user + "/" + id + ".png")));
        as(user).get("/v1/profiles/" + id + "/avatar").then().statusCode(404);
        as(user).get("/v1/profiles/" + id).then().body("has_avatar", equalTo(false));
    }

    @Test
    void deletingTheProfileRemovesItsAvatar() throws IOException {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Bro");
        as(user).body(image("png")).put("/v1/profiles/" + id + "/avatar").then().statusCode(200);
        as(user).delete("/v1/profiles/" + id).then().statusCode(204);
        assertFalse(Files.exists(STORAGE.resolve("avatars/" + user + "/" + id + ".png")));
    }

    @Test
    void anotherUserCannotUploadOrRead() throws IOException {
        UUID owner = UUID.randomUUID();
        String id = createProfile(owner, "Cousin");
        as(UUID.randomUUID()).body(image("png")).put("/v1/profiles/" + id + "/avatar").then().statusCode(404);
        assertEquals(0, countFiles(STORAGE.resolve("avatars/" + owner)));
    }

    private static long countFiles(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return 0;
        }
        try (var files = Files.list(dir)) {
            return files.count();
        }
    }

    static byte[] image(String format) throws IOException {
        BufferedImage image = new BufferedImage(8, 8, BufferedImage.TYPE_INT_RGB);
        image.setRGB(3, 3, 0xFF8800);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(ImageIO.write(image, format, out));
        return out.toByteArray();
    }

    /** A 1x1 lossless WebP (RIFF container, VP8L chunk). */
    static byte[] webp() {
        int[] bytes = { 'R', 'I', 'F', 'F', 0x1A, 0, 0, 0, 'W', 'E', 'B', 'P', 'V', 'P', '8', 'L', 0x0D, 0, 0, 0,
                0x2F, 0, 0, 0, 0x10, 0x07, 0x10, 0x11, 0x11, 0x88, 0x88, 0xFE, 0x07, 0 };
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = (byte) bytes[i];
        }
        return out;
    }
}
