package app.essence.clips;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import app.essence.common.events.ProfileEvents.ProfileCreated;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
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
}
