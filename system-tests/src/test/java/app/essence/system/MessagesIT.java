package app.essence.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the product exists for, on the packaged system: a trained voice speaks a legacy message, the message plays
 * as a valid MP3 through range requests and counts one listening, and a crash of messages-service in the middle of
 * speaking still ends the message.
 */
@ExtendWith(LocalStack.class)
class MessagesIT {
    static final Map<String, Object> BIRTHDAY = Map.of("title", "For your birthday", "category", "birthday",
            "recipient_label", "My granddaughter", "moment_label", "Your eighteenth birthday",
            "prompt_text", "Tell her I am proud of her and that she should keep singing.");

    @Test
    void aMessageIsSpokenInTheTrainedVoiceAndPlaysBack() {
        Client user = Client.named("speaker-" + UUID.randomUUID());
        String profile = Voices.trainedProfile(user);
        String message = user.http().contentType(ContentType.JSON).body(BIRTHDAY).post(messagesUrl(profile))
                .then().statusCode(201).body("status", equalTo("draft"))
                .body("generated_text", not(emptyOrNullString())).extract().path("id");

        long asked = System.nanoTime();
        firstSynthesis(user, message).then().body("status", equalTo("generating"));
        JsonPath ready = awaitEnded(user, message, Duration.ofSeconds(60));
        assertEquals("ready", ready.getString("status"), ready.prettify());
        System.out.printf("[system-tests] message spoken by the local engine in %d ms (%d ms of audio)%n",
                (System.nanoTime() - asked) / 1_000_000, ready.getLong("duration_ms"));
        assertEquals("audio/mpeg", ready.getString("mime_type"));
        assertEquals(true, ready.getBoolean("provenance.ai_generated"));

        // A player's first request: from byte 0. Then a seek, which is not a new listening.
        Response first = user.http().header("Range", "bytes=0-").get(messageUrl(message) + "/audio");
        assertEquals(206, first.statusCode());
        assertEquals("audio/mpeg", first.contentType());
        assertEquals("bytes", first.header("Accept-Ranges"));
        assertTrue(first.header("ETag") != null, "an ETag");
        byte[] mp3 = first.asByteArray();
        assertEquals(ready.getLong("size_bytes"), mp3.length);
        assertEquals(String.valueOf(mp3.length), first.header("Content-Length"));
        Mp3Frames frames = Mp3Frames.of(mp3);
        long measured = frames.durationMs();
        // Encoders add under 0.1 s of priming and padding; the stored duration is the speech's own.
        assertTrue(Math.abs(measured - ready.getLong("duration_ms")) <= 120,
                "frames say " + measured + " ms, the message says " + ready.getLong("duration_ms") + " ms");
        assertTrue(measured > 1500, "a spoken sentence, not a blip: " + measured + " ms");

        byte[] tail = user.http().header("Range", "bytes=1000-").get(messageUrl(message) + "/audio").then()
                .statusCode(206).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(mp3, 1000, mp3.length), tail);
        user.http().get(messageUrl(message)).then().body("play_count", equalTo(1))
                .body("last_played_at", not(emptyOrNullString()));

        // profiles-service counts the message, fed by MessageCreated.
        await().atMost(Duration.ofSeconds(20)).until(() -> user.http()
                .get(LocalStack.url("profiles", "/v1/profiles/" + profile)).jsonPath().getInt("message_count") == 1);
    }

    @Test
    void aCrashOfMessagesServiceWhileSpeakingStillEndsTheMessage() {
        Client user = Client.named("crash-speaker-" + UUID.randomUUID());
        String profile = Voices.trainedProfile(user);
        // messages-service restarted with a voice provider it cannot reach: the synthesis keeps retrying.
        LocalStack.essence("stop", "messages");
        LocalStack.essence(Map.of("ESSENCE_VOICE_LOCAL_URL", "http://127.0.0.1:1",
                "ESSENCE_MESSAGES_SYNTHESIS_LEASE", "15s"), "up");
        String message = user.http().contentType(ContentType.JSON).body(BIRTHDAY).post(messagesUrl(profile))
                .then().statusCode(201).extract().path("id");
        firstSynthesis(user, message);
        assertEquals("generating", user.http().get(messageUrl(message)).jsonPath().getString("status"));

        LocalStack.essence("stop", "messages", "--kill");
        LocalStack.essence(Map.of("ESSENCE_MESSAGES_SYNTHESIS_REAPER_INTERVAL", "1s"), "up");

        JsonPath ended = awaitEnded(user, message, Duration.ofSeconds(90));
        assertTrue(List.of("ready", "failed").contains(ended.getString("status")), ended.prettify());
        if (ended.getString("status").equals("failed")) {
            assertTrue(!ended.getString("error_message").contains("127.0.0.1"), ended.prettify());
        }
        System.out.printf("[system-tests] message after the crash ended %s%n", ended.getString("status"));
    }

    /**
     * Asks for the message to be spoken. messages-service learns of the voice from VoiceTrained a moment after
     * profiles-service shows it: until then the answer is 409, which changes nothing, so the client asks again.
     */
    static Response firstSynthesis(Client user, String message) {
        return await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> user.http().post(messageUrl(message) + "/synthesize"), r -> r.statusCode() != 409)
                .then().statusCode(202).extract().response();
    }

    static JsonPath awaitEnded(Client user, String message, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> !"generating".equals(
                user.http().get(messageUrl(message)).jsonPath().getString("status")));
        return user.http().get(messageUrl(message)).then().statusCode(200).extract().jsonPath();
    }

    static String messagesUrl(String profile) {
        return LocalStack.url("messages", "/v1/profiles/" + profile + "/messages");
    }

    static String messageUrl(String message) {
        return LocalStack.url("messages", "/v1/messages/" + message);
    }
}
