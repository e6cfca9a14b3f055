package app.essence.messages;

import static app.essence.messages.Messages.announcedProfile;
import static app.essence.messages.Messages.as;
import static app.essence.messages.Messages.draft;
import static app.essence.messages.Messages.message;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.common.events.BillingEvents.SubscriptionChanged;
import app.essence.common.problem.ProblemType;
import app.essence.common.storage.StorageKeys;
import app.essence.testing.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;
import app.essence.testing.AudioFixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Playing a spoken message: whole or by range, with the headers a player needs, and one play counted per
 * listening. The message is made ready here as a synthesis would leave it (row and file), so playback is proved
 * on its own.
 */
@QuarkusTest
class PlaybackTests {

    @Test
    void aSpokenMessagePlaysWholeOrByRangeAndCountsOnePlayPerListening() throws IOException {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String id = draft(user, profile);
        byte[] audio = spoken(user, profile, UUID.fromString(id), 4000);

        String etag = as(user).get(message(id) + "/audio").then().statusCode(200).contentType("audio/mpeg")
                .header("Accept-Ranges", "bytes").header("Content-Length", String.valueOf(audio.length))
                .header("ETag", notNullValue()).extract().header("ETag");
        as(user).get(message(id)).then().body("play_count", equalTo(1)).body("last_played_at", notNullValue());

        byte[] part = as(user).header("Range", "bytes=1000-1999").get(message(id) + "/audio").then()
                .statusCode(206).header("Content-Range", "bytes 1000-1999/" + audio.length)
                .header("Content-Length", "1000").header("ETag", etag).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(audio, 1000, 2000), part);
        as(user).header("Range", "bytes=-500").get(message(id) + "/audio").then().statusCode(206);
        as(user).header("Range", "bytes=" + audio.length + "-").get(message(id) + "/audio").then().statusCode(416);
        as(user).get(message(id)).then().body("play_count", equalTo(1));

        // A listening from the start once the earlier one is over (its duration has passed) counts again.
        endEarlierListening(id);
        byte[] fromStart = as(user).header("Range", "bytes=0-").get(message(id) + "/audio").then().statusCode(206)
                .extract().asByteArray();
        assertArrayEquals(audio, fromStart);
        as(user).get(message(id)).then().body("play_count", equalTo(2))
                .body("provenance.ai_generated", equalTo(true)).body("provenance.voice_id", equalTo("voice-x"))
                .body("provenance.provider", equalTo("local")).body("provenance.model_id", equalTo("model-x"));
    }

    @Test
    void headAProbeAndAListeningStillGoingOnCountNoPlay() throws IOException {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String id = draft(user, profile);
        byte[] audio = spoken(user, profile, UUID.fromString(id), 20_000);

        // HEAD answers what GET would, and neither counts nor sends the audio.
        as(user).head(message(id) + "/audio").then().statusCode(200).contentType("audio/mpeg")
                .header("Content-Length", String.valueOf(audio.length)).header("Accept-Ranges", "bytes")
                .header("ETag", notNullValue());
        as(user).header("Range", "bytes=0-").head(message(id) + "/audio").then().statusCode(206)
                .header("Content-Range", "bytes 0-" + (audio.length - 1) + "/" + audio.length);
        as(user).get(message(id)).then().body("play_count", equalTo(0));

        // A player's probe of the first bytes (Safari asks for bytes=0-1) is not a listening.
        byte[] probe = as(user).header("Range", "bytes=0-1").get(message(id) + "/audio").then().statusCode(206)
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(audio, 0, 2), probe);
        as(user).get(message(id)).then().body("play_count", equalTo(0)).body("last_played_at", nullValue());

        // The listening that follows counts once; asking from the start again while it could still be playing
        // (within the message's duration, 1 s here) does not count again.
        as(user).header("Range", "bytes=0-").get(message(id) + "/audio").then().statusCode(206);
        as(user).get(message(id) + "/audio").then().statusCode(200);
        as(user).get(message(id)).then().body("play_count", equalTo(1));
        Messages.update("update messages set duration_ms = 3600000 where id = ?", UUID.fromString(id));
        endEarlierListening(id);
        as(user).get(message(id) + "/audio").then().statusCode(200);
        as(user).get(message(id)).then().body("play_count", equalTo(1));
    }

    @Test
    void aMessageWithoutAudioHasNothingToPlayAndAnotherUserNeverHears() throws IOException {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String draftId = draft(user, profile);
        as(user).get(message(draftId) + "/audio").then().statusCode(404).contentType("application/problem+json");
        String id = draft(user, profile);
        spoken(user, profile, UUID.fromString(id), 1000);
        as(UUID.randomUUID()).get(message(id) + "/audio").then().statusCode(404);
        as(user).get(message(id)).then().body("play_count", equalTo(0)).body("last_played_at", nullValue());
    }

    @Test
    void aDownloadToKeepNeedsAPlanThatIncludesIt() throws IOException {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String id = draft(user, profile);
        byte[] audio = spoken(user, profile, UUID.fromString(id), 2000);
        as(user).queryParam("download", true).get(message(id) + "/audio").then().statusCode(402)
                .contentType("application/problem+json")
                .body("type", equalTo(ProblemType.PLAN_LIMIT_AUDIO_DOWNLOAD.uri()))
                .body("required_plan", equalTo("essential"));

        KafkaTestClient.publish(new SubscriptionChanged(user, "essential", "active",
                Instant.now().plus(Duration.ofDays(30)), false, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> as(user).queryParam("download", true)
                .get(message(id) + "/audio").statusCode() == 200);
        byte[] kept = as(user).queryParam("download", true).get(message(id) + "/audio").then().statusCode(200)
                .header("Content-Disposition", "attachment; filename=\"message-" + id + ".mp3\"")
                .extract().asByteArray();
        assertArrayEquals(audio, kept);
        as(user).get(message(id)).then().body("play_count", equalTo(0));
    }

    /** Moves the last play back by two seconds, past the 1 s duration the fixture gives. */
    private static void endEarlierListening(String id) {
        assertEquals(1, Messages.update("update messages set last_played_at = last_played_at - interval '2 seconds' "
                + "where id = ?", UUID.fromString(id)));
    }

    /** Leaves the message as a finished synthesis does: its MP3 at its key, the row ready with provenance. */
    private static byte[] spoken(UUID user, UUID profile, UUID id, int size) throws IOException {
        byte[] audio = AudioFixtures.mp3Header(size);
        for (int i = 14; i < size; i++) {
            audio[i] = (byte) (i % 251); // bytes a range could be mistaken for
        }
        String key = StorageKeys.message(user, profile, id);
        Path file = Messages.STORAGE.resolve(key);
        Files.createDirectories(file.getParent());
        Files.write(file, audio);
        assertEquals(1, Messages.update("update messages set status = 'ready', audio_storage_path = ?, "
                + "size_bytes = ?, duration_ms = 1000, voice_id = 'voice-x', provider = 'local', model_id = 'model-x', "
                + "synthesis_id = gen_random_uuid() where id = ?", key, audio.length, id));
        return audio;
    }
}
