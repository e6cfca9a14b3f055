package app.essence.clips;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import app.essence.common.events.ProfileEvents.ProfileCreated;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/** A signed-in client of the clips API, and the audio it uploads. */
final class Clips {
    static final Path STORAGE = Path.of("target/test-storage");

    private Clips() {
    }

    static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.user(user));
    }

    static String clipsOf(UUID profile) {
        return "/v1/profiles/" + profile + "/clips";
    }

    /** A profile of {@code user} that clips-service knows from its ProfileCreated event. */
    static UUID announcedProfile(UUID user) {
        UUID profile = UUID.randomUUID();
        KafkaTestClient.publish(new ProfileCreated(profile, user, "Grandpa Joe", "grandfather", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> as(user).get(clipsOf(profile)).statusCode() == 200);
        return profile;
    }

    static Path storedClip(UUID user, UUID profile, int promptIndex, String extension) {
        return STORAGE.resolve("training_clips/" + user + "/" + profile + "/" + promptIndex + "." + extension);
    }

    /** A real 16-bit mono PCM WAV file: a 220 Hz tone of {@code millis} at 16 kHz. */
    static byte[] wav(int millis) {
        int sampleRate = 16_000;
        int samples = sampleRate * millis / 1000;
        ByteBuffer data = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
                .put("WAVEfmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1)
                .putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2).putShort((short) 2)
                .putShort((short) 16).put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            data.putShort((short) (8000 * Math.sin(2 * Math.PI * 220 * i / sampleRate)));
        }
        return data.array();
    }

    /** Bytes that start like an MP3 file (an ID3v2 tag); enough to be accepted as MP3 by its magic number. */
    static byte[] mp3Header(int size) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] { 'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0 });
        out.writeBytes(new byte[size - 10]);
        return out.toByteArray();
    }
}
