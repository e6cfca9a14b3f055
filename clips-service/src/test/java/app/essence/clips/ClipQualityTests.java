package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static app.essence.clips.Clips.filesOf;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.testing.AudioFixtures;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every upload is decoded and measured; the verdict says what to redo. Fixtures are made by the tests with known
 * loudness, clipping and silence, in every accepted format FFmpeg can write here.
 */
@QuarkusTest
class ClipQualityTests {
    private static final List<String> ENCODED_FORMATS = List.of("webm", "ogg", "mp3", "m4a");
    private static final List<String> ALL_FORMATS = List.of("wav", "webm", "ogg", "mp3", "m4a");

    @Test
    void aClearRecordingIsGoodInEveryFormatWithItsDurationCountedFromTheSamples() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        short[] voice = AudioFixtures.voiceLike(6000, -20);
        int prompt = 0;
        for (String format : ENCODED_FORMATS) {
            assertGood(user, profile, prompt++, Recordings.encoded(voice, format), format);
        }
        assertGood(user, profile, prompt++, AudioFixtures.wav(voice), "wav");
        assertGood(user, profile, prompt, Recordings.m4aIndexedAtTheEnd(voice), "m4a with its index at the end");
    }

    @Test
    void eachProblemGetsItsReasonAndASentence() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        assertRedo(user, profile, AudioFixtures.wav(Recordings.silence(6000)), "mostly_silence", "mostly silence");
        assertRedo(user, profile, Recordings.encoded(Recordings.silence(6000), "webm"), "mostly_silence",
                "mostly silence");
        assertRedo(user, profile, AudioFixtures.wav(AudioFixtures.voiceLike(1000, -20)), "too_short",
                "too short for this prompt");
        assertRedo(user, profile, AudioFixtures.wav(Recordings.clipped(6000)), "clipped", "clipped: speak a little softer");
        assertRedo(user, profile, Recordings.encoded(AudioFixtures.voiceLike(6000, -42), "ogg"), "too_quiet",
                "too quiet: move closer to the microphone");
        assertRedo(user, profile, AudioFixtures.wav(Recordings.voiceOverNoise(6000, -20, -30)), "noisy",
                "background noise");
        assertRedo(user, profile, AudioFixtures.wav(AudioFixtures.voiceLike(6000, -11)), "too_loud",
                "too loud: move a little further from the microphone");
    }

    @Test
    void silenceAQuietVoiceAndClippingAreFoundInEveryFormat() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        Map<String, short[]> problems = Map.of(
                "mostly_silence", Recordings.silence(6000),
                "too_quiet", AudioFixtures.voiceLike(6000, -42),
                "clipped", Recordings.clipped(6000));
        List<String> wrong = new java.util.ArrayList<>();
        for (String format : ALL_FORMATS) {
            problems.forEach((reason, pcm) -> {
                byte[] audio = format.equals("wav") ? AudioFixtures.wav(pcm) : Recordings.encoded(pcm, format);
                JsonPath clip = as(user).body(audio).put(clipsOf(profile) + "/0").then().extract().jsonPath();
                if (!reason.equals(clip.getString("quality_reason"))) {
                    wrong.add(format + " " + reason + " judged " + clip.getString("quality_reason") + " "
                            + clip.getMap("measured"));
                }
            });
        }
        assertEquals(List.of(), wrong);
    }

    /**
     * An ID3 tag names no format: what follows it must be an MPEG audio frame. A WAV behind a tag is refused with
     * the usual problem and nothing is stored; behind a tag and a frame header it is read as MP3 (FFmpeg is held to
     * the sniffed kind) and does not measure as the WAV it hides.
     */
    @Test
    void aClipIsDecodedOnlyAsTheKindItsFirstBytesNamed() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        byte[] wav = AudioFixtures.wav(AudioFixtures.voiceLike(6000, -20));
        as(user).body(concat(Arrays.copyOf(AudioFixtures.mp3Header(14), 10), wav)).put(clipsOf(profile) + "/2")
                .then().statusCode(415).contentType("application/problem+json")
                .body("detail", equalTo("a clip must be WebM/Opus, Ogg, WAV, MP3 or M4A audio"));
        as(user).get(clipsOf(profile)).then().body("recorded_count", equalTo(0));
        assertEquals(List.of(), filesOf(user, profile), "nothing was stored, not even staged");

        as(user).body(concat(AudioFixtures.mp3Header(14), wav)).put(clipsOf(profile) + "/2").then().statusCode(201)
                .body("mime_type", equalTo("audio/mpeg")).body("quality_status", not(equalTo("good")));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] both = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, both, first.length, second.length);
        return both;
    }

    @Test
    void audioFfmpegCannotReadKeepsAnUnknownQualityAndSaysWhy() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        as(user).body(AudioFixtures.mp3Header(4000)).put(clipsOf(profile) + "/2").then().statusCode(201)
                .body("quality_status", equalTo("unknown")).body("quality_reason", equalTo("undecodable"))
                .body("quality_message", notNullValue()).body("duration_ms", nullValue());
    }

    @Test
    void theListTotalsWhatIsUsable() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        as(user).body(AudioFixtures.wav(AudioFixtures.voiceLike(6000, -20))).put(clipsOf(profile) + "/0").then()
                .statusCode(201);
        as(user).body(AudioFixtures.wav(AudioFixtures.voiceLike(5000, -22))).put(clipsOf(profile) + "/1").then()
                .statusCode(201);
        as(user).body(AudioFixtures.wav(Recordings.silence(6000))).put(clipsOf(profile) + "/2").then()
                .statusCode(201);
        JsonPath list = as(user).get(clipsOf(profile)).then().statusCode(200).extract().jsonPath();
        assertEquals(3, list.getInt("recorded_count"));
        assertEquals(1, list.getInt("redo_suggested_count"));
        assertEquals(11.0, list.getDouble("usable_seconds"), 0.05);
        assertEquals(false, list.getBoolean("ready_to_train"), "22 prompts are still missing");
        assertEquals("mostly_silence", list.getString("items[2].quality_reason"));
    }

    @Test
    void readinessIncludesAWorkingDecoder() {
        io.restassured.RestAssured.given().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'Audio decoder (FFmpeg)' }.status", equalTo("UP"))
                .body("checks.find { it.name == 'Audio decoder (FFmpeg)' }.data.probe_ms", equalTo(50));
    }

    private static void assertGood(UUID user, UUID profile, int prompt, byte[] audio, String format) {
        JsonPath clip = as(user).body(audio).put(clipsOf(profile) + "/" + prompt).then().statusCode(201)
                .extract().jsonPath();
        assertEquals("good", clip.getString("quality_status"), format + ": " + clip.getString("quality_message"));
        assertEquals(6000, clip.getInt("duration_ms"), 120, format + " duration");
        assertEquals(-20.0, clip.getDouble("measured.rms_dbfs"), 2.5, format + " loudness");
        assertEquals(0.0, clip.getDouble("measured.clipped_ratio"), 1e-9, format + " clipping");
    }

    private static void assertRedo(UUID user, UUID profile, byte[] audio, String reason, String sentence) {
        as(user).body(audio).put(clipsOf(profile) + "/0").then().statusCode(org.hamcrest.Matchers.oneOf(200, 201))
                .body("quality_status", equalTo("redo_suggested")).body("quality_reason", equalTo(reason))
                .body("quality_message", org.hamcrest.Matchers.startsWith(sentence));
    }
}
