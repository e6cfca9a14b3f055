package app.essence.messages;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import app.essence.common.events.ProfileEvents.ProfileCreated;
import app.essence.common.events.TrainingEvents.VoiceTrained;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.PostgresResource;
import app.essence.testing.TestTokens;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** A signed-in client of the messages API, and what tests look at behind it. */
final class Messages {
    static final String DATABASE = "essence_messages_test";
    static final Path STORAGE = Path.of("target/test-storage");

    private Messages() {
    }

    static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.user(user)).contentType("application/json");
    }

    static String messagesOf(UUID profile) {
        return "/v1/profiles/" + profile + "/messages";
    }

    static String message(String id) {
        return "/v1/messages/" + id;
    }

    static String body(String title, String category, String recipient, String moment, String prompt) {
        return "{\"title\":\"" + title + "\",\"category\":\"" + category + "\""
                + (recipient == null ? "" : ",\"recipient_label\":\"" + recipient + "\"")
                + (moment == null ? "" : ",\"moment_label\":\"" + moment + "\"")
                + ",\"prompt_text\":\"" + prompt + "\"}";
    }

    /** Writes a draft and answers its id. */
    static String draft(UUID user, UUID profile) {
        return as(user).body(body("For courage", "encouragement", "My daughter", "When you need courage",
                "you were always braver than you believed")).post(messagesOf(profile)).then().statusCode(201)
                .extract().path("id");
    }

    /** A profile of {@code user} that messages-service knows from its ProfileCreated event. */
    static UUID announcedProfile(UUID user) {
        UUID profile = UUID.randomUUID();
        KafkaTestClient.publish(new ProfileCreated(profile, user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> as(user).get(messagesOf(profile)).statusCode() == 200);
        return profile;
    }

    /** The profile's voice as messages-service's replica holds it: status and voice id. */
    static List<String> voiceOf(UUID profile) {
        return row("select voice_status, voice_id from profile_owners where profile_id = ?", profile);
    }

    /** Announces a trained voice for the profile and waits until messages-service knows it. */
    static String trainedVoice(UUID user, UUID profile) {
        String voiceId = "voice-" + UUID.randomUUID();
        KafkaTestClient.publish(new VoiceTrained(UUID.randomUUID(), profile, user, voiceId, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> List.of("ready", voiceId).equals(voiceOf(profile)));
        return voiceId;
    }

    /** The values of the first row the query finds, as text (null for SQL null); an empty list when none. */
    static List<String> row(String sql, Object... parameters) {
        try (Connection db = PostgresResource.connect(DATABASE);
                PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                if (!rows.next()) {
                    return List.of();
                }
                List<String> values = new java.util.ArrayList<>();
                for (int i = 1; i <= rows.getMetaData().getColumnCount(); i++) {
                    values.add(rows.getString(i));
                }
                return values;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static int update(String sql, Object... parameters) {
        try (Connection db = PostgresResource.connect(DATABASE);
                PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every file in the folders of a profile's message audio, committed or staged. */
    static List<Path> filesOf(List<String> folders) {
        return folders.stream().map(STORAGE::resolve).filter(Files::isDirectory).flatMap(folder -> {
            try (Stream<Path> walk = Files.walk(folder)) {
                return walk.filter(Files::isRegularFile).toList().stream();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).toList();
    }
}
