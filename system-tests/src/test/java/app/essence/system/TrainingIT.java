package app.essence.system;

import static io.restassured.RestAssured.given;
import static app.essence.system.Voices.CONSENT;
import static app.essence.system.Voices.awaitProfileVoice;
import static app.essence.system.Voices.awaitTrainingEnds;
import static app.essence.system.Voices.recordedProfile;
import static app.essence.system.Voices.trainingUrl;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.AudioFixtures;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The heart of the product on the packaged system: 25 recordings become a voice through the local voice engine,
 * and profiles-service shows it ready; a crash of clips-service in the middle of a training still ends it.
 */
@ExtendWith(LocalStack.class)
class TrainingIT {

    @Test
    void twentyFiveRecordingsBecomeAVoiceThatProfilesServiceShowsReady() {
        Client user = Client.named("trainer-" + UUID.randomUUID());
        String profile = recordedProfile(user);
        JsonPath started = user.http().contentType(ContentType.JSON).body(CONSENT).post(trainingUrl(profile))
                .then().statusCode(202).body("state", equalTo("training")).extract().jsonPath();

        JsonPath ready = awaitTrainingEnds(user, profile, Duration.ofSeconds(60));
        assertEquals("ready", ready.getString("state"), ready.prettify());
        assertEquals(started.getString("training_id"), ready.getString("training_id"));
        String voiceId = ready.getString("voice_id");
        System.out.printf("[system-tests] 25 clips trained into voice %s by the local engine in %d ms%n", voiceId,
                Duration.between(java.time.Instant.parse(ready.getString("started_at")),
                        java.time.Instant.parse(ready.getString("finished_at"))).toMillis());
        JsonPath shown = awaitProfileVoice(user, profile, "ready");
        assertEquals(voiceId, shown.getString("elevenlabs_voice_id"));
        assertNotNull(shown.getString("training_completed_at"));
        assertNotNull(shown.getString("voice_ready_at"));

        // The voice lives at the local engine, which says it is its own voice, not a clone.
        given().header("xi-api-key", LocalStack.VOICE_ENGINE_KEY).get(LocalStack.voiceEngineUrl("/v1/voices/" + voiceId))
                .then().statusCode(200).body("labels.engine", equalTo("essence-local"))
                .body("labels.cloned", equalTo("false"));

        // Real speech: the engine speaks prompt 0 in that voice; re-recorded with it, the clip is judged good.
        String text = user.http().get(LocalStack.url("clips", "/v1/prompts")).then().statusCode(200).extract()
                .path("items[0].prompt_text");
        short[] speech = synthesised(voiceId, text);
        user.http().body(AudioFixtures.wav(speech)).put(Client.clipUrl(profile, 0)).then().statusCode(200)
                .body("quality_status", equalTo("good"))
                .body("duration_ms", org.hamcrest.Matchers.greaterThan(1500));
    }

    /** What the local engine says, as 16 kHz samples at a speaking level (10 dB below its full-scale output). */
    private static short[] synthesised(String voiceId, String text) {
        byte[] pcm = given().header("xi-api-key", LocalStack.VOICE_ENGINE_KEY).contentType(ContentType.JSON)
                .body(Map.of("text", text)).queryParam("output_format", "pcm_16000")
                .post(LocalStack.voiceEngineUrl("/v1/text-to-speech/" + voiceId))
                .then().statusCode(200).extract().asByteArray();
        short[] samples = new short[pcm.length / 2];
        for (int i = 0; i < samples.length; i++) {
            int sample = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
            samples[i] = (short) Math.round(sample * 0.316);
        }
        return samples;
    }

    @Test
    void aCrashOfClipsServiceDuringTrainingStillEndsIt() {
        Client user = Client.named("crash-trainer-" + UUID.randomUUID());
        String profile = recordedProfile(user);
        // clips-service restarted with a provider it cannot reach: the training keeps retrying, visibly.
        LocalStack.essence("stop", "clips");
        LocalStack.essence(Map.of("ESSENCE_VOICE_LOCAL_URL", "http://127.0.0.1:1",
                "ESSENCE_CLIPS_TRAINING_LEASE", "15s"), "up");
        user.http().contentType(ContentType.JSON).body(CONSENT).post(trainingUrl(profile)).then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> user.http().get(trainingUrl(profile)).jsonPath()
                .getInt("provider_calls") >= 2);
        JsonPath retrying = user.http().get(trainingUrl(profile)).jsonPath();
        assertEquals("training", retrying.getString("state"));
        assertEquals("provider_unavailable", retrying.getString("last_error"), retrying.prettify());
        // The address clips-service could not reach is for its log, never for the user.
        assertFalse(retrying.prettify().contains("127.0.0.1"), retrying.prettify());
        awaitProfileVoice(user, profile, "training");

        LocalStack.essence("stop", "clips", "--kill");
        LocalStack.essence(Map.of("ESSENCE_CLIPS_TRAINING_REAPER_INTERVAL", "1s"), "up");

        JsonPath ended = awaitTrainingEnds(user, profile, Duration.ofSeconds(90));
        assertTrue(List.of("ready", "failed").contains(ended.getString("state")), ended.prettify());
        awaitProfileVoice(user, profile, ended.getString("state").equals("ready") ? "ready" : "not_submitted");
        System.out.printf("[system-tests] training after the crash ended %s after %d provider calls%n",
                ended.getString("state"), ended.getInt("provider_calls"));
    }
}
