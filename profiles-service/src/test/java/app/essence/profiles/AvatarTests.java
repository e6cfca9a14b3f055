package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static app.essence.profiles.Api.createProfile;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.storage.StorageKeys;
import app.essence.testing.HeldUpload;
import app.essence.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AvatarTests {
    private static final Path STORAGE = Path.of("target/test-storage");

    @Test
    void pngIsStoredUnderTheProfilesFolderAndServedBack() throws IOException {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Mum");
        byte[] png = image("png");
        as(user).contentType("application/octet-stream").body(png).put("/v1/profiles/" + id + "/avatar")
                .then().statusCode(200)
                .body("has_avatar", equalTo(true))
                .body("avatar_updated_at", notNullValue());
        List<Path> stored = filesOf(user, id);
        assertEquals(1, stored.size(), stored + "");
        assertTrue(stored.get(0).toString().matches(".*/avatars/" + user + "/" + id + "/[0-9a-f-]{36}\\.png"),
                stored.get(0) + "");
        assertArrayEquals(png, Files.readAllBytes(stored.get(0)));
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
        List<Path> stored = filesOf(user, id);
        assertEquals(1, stored.size(), "the replaced picture is gone: " + stored);
        assertArrayEquals(jpeg, Files.readAllBytes(stored.get(0)));
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
    void over5MbIs413AndNothingIsStored() throws IOException {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Aunt");
        byte[] big = new byte[5 * 1024 * 1024 + 1];
        new Random(7).nextBytes(big);
        System.arraycopy(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A }, 0, big, 0, 8);
        as(user).body(big).put("/v1/profiles/" + id + "/avatar").then().statusCode(413)
                .contentType("application/problem+json");
        assertEquals(List.of(), filesOf(user, id), "nothing stored, not even staged");
        as(user).get("/v1/profiles/" + id + "/avatar").then().statusCode(404);
    }

    @Test
    void deleteRemovesTheFile() throws IOException {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Sis");
        as(user).body(image("png")).put("/v1/profiles/" + id + "/avatar").then().statusCode(200);
        as(user).delete("/v1/profiles/" + id + "/avatar").then().statusCode(204);
        assertEquals(List.of(), filesOf(user, id));
        as(user).get("/v1/profiles/" + id + "/avatar").then().statusCode(404);
        as(user).get("/v1/profiles/" + id).then().body("has_avatar", equalTo(false));
    }

    @Test
    void deletingTheProfileRemovesAllItsAvatarStorage() throws Exception {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Bro");
        as(user).body(image("png")).put("/v1/profiles/" + id + "/avatar").then().statusCode(200);
        // What uploads racing the deletion or killed mid-way leave: a staged file, partial files beside both.
        List<String> folders = StorageKeys.avatarFolders(user, UUID.fromString(id));
        Path staging = Files.createDirectories(STORAGE.resolve(folders.get(1)));
        Files.write(staging.resolve(UUID.randomUUID() + ".png"), image("png"));
        Files.write(staging.resolve("." + UUID.randomUUID() + ".png." + UUID.randomUUID() + ".partial"), new byte[1]);
        Files.write(STORAGE.resolve(folders.get(0)).resolve("." + UUID.randomUUID() + ".jpg." + UUID.randomUUID()
                + ".partial"), new byte[1]);
        assertEquals(4, filesOf(user, id).size());

        as(user).delete("/v1/profiles/" + id).then().statusCode(204);
        await().atMost(Duration.ofSeconds(15)).until(() -> filesOf(user, id).isEmpty());
    }

    @Test
    void anAvatarRemovalThatFailedOnceIsRetriedUntilDone() throws Exception {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Nephew");
        as(user).body(image("png")).put("/v1/profiles/" + id + "/avatar").then().statusCode(200);
        Path left = filesOf(user, id).get(0);
        String key = STORAGE.relativize(left).toString();
        // As a failed or interrupted removal leaves it: forgotten by the row, still scheduled, still stored.
        sql("update profiles set avatar_storage_path = null where id = '" + id + "'");
        sql("insert into storage_removals (key) values ('" + key + "')");

        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(left));
        await().atMost(Duration.ofSeconds(5)).until(() -> count("select count(*) from storage_removals where key = '"
                + key + "'") == 0);
    }

    @Test
    void staleStagedAvatarsAreSweptAndAnUploadInFlightKeepsItsFile() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        Path staging = Files.createDirectories(STORAGE.resolve(StorageKeys.avatarFolders(user, profile).get(1)));
        Path crashed = Files.write(staging.resolve(UUID.randomUUID() + ".png"), new byte[1]);
        Path killed = Files.write(staging.resolve("." + UUID.randomUUID() + ".png." + UUID.randomUUID() + ".partial"),
                new byte[1]);
        Path inFlight = Files.write(staging.resolve("." + UUID.randomUUID() + ".png." + UUID.randomUUID()
                + ".partial"), new byte[1]);
        for (Path abandoned : List.of(crashed, killed)) {
            Files.setLastModifiedTime(abandoned, FileTime.from(Instant.now().minus(Duration.ofHours(7))));
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(crashed) && !Files.exists(killed));
        assertTrue(Files.exists(inFlight), "a file written moments ago belongs to an upload still running");
    }

    @Test
    void twoUploadsAtOnceNeverRemoveEachOthersNewPicture() throws Exception {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Twin");
        ExecutorService clients = Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 8; round++) {
                byte[] png = image("png");
                byte[] jpeg = image("jpg");
                Future<Integer> first = clients.submit(() -> as(user).body(png)
                        .put("/v1/profiles/" + id + "/avatar").statusCode());
                Future<Integer> second = clients.submit(() -> as(user).body(jpeg)
                        .put("/v1/profiles/" + id + "/avatar").statusCode());
                assertEquals(200, first.get());
                assertEquals(200, second.get());
                byte[] served = as(user).get("/v1/profiles/" + id + "/avatar").then().statusCode(200).extract()
                        .asByteArray();
                assertTrue(Arrays.equals(png, served) || Arrays.equals(jpeg, served), "the last commit's picture");
                List<Path> stored = filesOf(user, id);
                assertEquals(1, stored.size(), "one file for the one row: " + stored);
                assertArrayEquals(served, Files.readAllBytes(stored.get(0)));
            }
        } finally {
            clients.shutdownNow();
        }
    }

    @Test
    void aTrickledAvatarIsCutOffWith408AndAUsersUploadsAreCapped() throws Exception {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Godson");
        String avatar = "/v1/profiles/" + id + "/avatar";
        byte[] big = new byte[64 * 1024];
        System.arraycopy(image("png"), 0, big, 0, 16);
        int perUser = ConfigProvider.getConfig().getValue("essence.uploads.per-user", Integer.class);
        List<HeldUpload> held = new ArrayList<>();
        try {
            for (int i = 0; i < perUser; i++) {
                held.add(HeldUpload.start(user, avatar, big, 64));
            }
            io.restassured.response.Response refused = await().atMost(Duration.ofSeconds(20))
                    .until(() -> as(user).body(image("png")).put(avatar), r -> r.statusCode() == 429);
            assertEquals("1", refused.header("Retry-After"));
            as(UUID.randomUUID()).body(image("png")).put(avatar).then().statusCode(404);

            held.get(0).trickle(Duration.ofMillis(50));
            assertEquals(408, held.get(0).status(Duration.ofSeconds(20)));
            assertTrue(held.get(0).head(Duration.ofSeconds(1)).toLowerCase().contains("application/problem+json"));
        } finally {
            for (HeldUpload upload : held) {
                upload.close();
            }
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> as(user).body(image("png")).put(avatar).statusCode() == 200);
        // The cut and the abandoned uploads leave nothing, staged or partial: only the picture that arrived stays.
        await().atMost(Duration.ofSeconds(20)).until(() -> filesOf(user, id).size() == 1);
    }

    @Test
    void anotherUserCanNeitherReplaceNorReadNorRemoveTheAvatar() throws IOException {
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        String id = createProfile(owner, "Cousin");
        String avatar = "/v1/profiles/" + id + "/avatar";
        byte[] png = image("png");
        as(owner).body(png).put(avatar).then().statusCode(200);

        as(stranger).body(image("jpg")).put(avatar).then().statusCode(404).contentType("application/problem+json");
        as(stranger).get(avatar).then().statusCode(404).contentType("application/problem+json");
        as(stranger).delete(avatar).then().statusCode(404);

        assertArrayEquals(png, as(owner).get(avatar).then().statusCode(200).contentType("image/png")
                .extract().asByteArray());
        assertEquals(1, filesOf(owner, id).size(), "only the owner's picture: " + filesOf(owner, id));
        assertEquals(List.of(), filesOf(stranger, id));
    }

    /** Every file in the profile's avatar folders, committed, staged or partial. */
    private static List<Path> filesOf(UUID user, String profile) throws IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : StorageKeys.avatarFolders(user, UUID.fromString(profile))) {
            if (Files.isDirectory(STORAGE.resolve(folder))) {
                try (Stream<Path> walk = Files.walk(STORAGE.resolve(folder))) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        return files;
    }

    private static void sql(String statement) throws Exception {
        try (Connection db = PostgresResource.connect("essence_profiles_test"); Statement sql = db.createStatement()) {
            sql.execute(statement);
        }
    }

    private static int count(String query) throws Exception {
        try (Connection db = PostgresResource.connect("essence_profiles_test"); Statement sql = db.createStatement();
                ResultSet rows = sql.executeQuery(query)) {
            rows.next();
            return rows.getInt(1);
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
