package app.essence.clips;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import app.essence.common.events.ProfileEvents.ProfileCreated;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import app.essence.common.storage.StorageKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

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
        KafkaTestClient.publish(new ProfileCreated(profile, user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> as(user).get(clipsOf(profile)).statusCode() == 200);
        return profile;
    }

    /** The stored file of a prompt's clip, if there is one; it fails if there are several. */
    static Optional<Path> storedClip(UUID user, UUID profile, int promptIndex) {
        List<Path> files = filesOf(user, profile).stream()
                .filter(file -> file.getFileName().toString().startsWith(promptIndex + "."))
                .toList();
        if (files.size() > 1) {
            throw new AssertionError("more than one file for prompt " + promptIndex + ": " + files);
        }
        return files.stream().findFirst();
    }

    /** Every file in the profile's storage folders, committed, staged or partial. */
    static List<Path> filesOf(UUID user, UUID profile) {
        return StorageKeys.clipFolders(user, profile).stream().map(STORAGE::resolve).filter(Files::isDirectory)
                .flatMap(folder -> {
                    try (Stream<Path> walk = Files.walk(folder)) {
                        return walk.filter(Files::isRegularFile).toList().stream();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .toList();
    }
}
