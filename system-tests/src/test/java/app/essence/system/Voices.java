package app.essence.system;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.AudioFixtures;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/** The way to a voice, as a user goes it: a profile, its 25 recordings, consent, training. */
final class Voices {
    static final byte[] RECORDING = AudioFixtures.wav(AudioFixtures.voiceLike(5000, -20));
    static final Map<String, Object> CONSENT = Map.of("consent", true,
            "consent_statement", "This is my own voice and I agree to it being cloned.");

    private Voices() {
    }

    /** A new profile of the user with all 25 prompts recorded, ready to train. */
    static String recordedProfile(Client user) {
        String profile = user.createProfile("Voice of " + UUID.randomUUID());
        for (int prompt = 0; prompt < 25; prompt++) {
            int status = user.upload(profile, prompt, RECORDING);
            assertTrue(status == 201, "upload of prompt " + prompt + " answered " + status);
        }
        user.http().get(Client.clipsUrl(profile)).then().statusCode(200).body("recorded_count", equalTo(25))
                .body("ready_to_train", equalTo(true));
        return profile;
    }

    /** A profile whose voice is trained and that profiles-service shows ready. */
    static String trainedProfile(Client user) {
        String profile = recordedProfile(user);
        user.http().contentType(ContentType.JSON).body(CONSENT).post(trainingUrl(profile)).then().statusCode(202);
        JsonPath ended = awaitTrainingEnds(user, profile, Duration.ofSeconds(60));
        assertEquals("ready", ended.getString("state"), ended.prettify());
        awaitProfileVoice(user, profile, "ready");
        return profile;
    }

    static JsonPath awaitTrainingEnds(Client user, String profile, Duration within) {
        await().atMost(within).pollInterval(Duration.ofMillis(250)).until(() -> !"training".equals(
                user.http().get(trainingUrl(profile)).jsonPath().getString("state")));
        return user.http().get(trainingUrl(profile)).then().statusCode(200).extract().jsonPath();
    }

    /** What profiles-service shows, fed by the training events. */
    static JsonPath awaitProfileVoice(Client user, String profile, String status) {
        String url = LocalStack.url("profiles", "/v1/profiles/" + profile);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(user.http().get(url).jsonPath().getString("voice_model_status")));
        return user.http().get(url).then().statusCode(200).extract().jsonPath();
    }

    static String trainingUrl(String profile) {
        return LocalStack.url("clips", "/v1/profiles/" + profile + "/training");
    }
}
