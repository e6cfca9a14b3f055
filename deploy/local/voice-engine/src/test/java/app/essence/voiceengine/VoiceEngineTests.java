package app.essence.voiceengine;

import app.essence.testing.AudioFixtures;
import app.essence.testing.ElevenLabsSpec;
import app.essence.voiceengine.EngineClient.Answer;
import app.essence.voiceengine.EngineClient.Field;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The engine in this JVM on a free port, every answer checked against ElevenLabs' published spec. */
class VoiceEngineTests {
    private static final ElevenLabsSpec SPEC = ElevenLabsSpec.load();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY = "test-engine-key";
    private static final String SENTENCE = "{\"text\": \"Hello, this is the voice of someone you love, speaking from"
            + " the local engine.\", \"model_id\": \"eleven_multilingual_v2\"}";

    @TempDir
    static Path dataDir;
    private static VoiceEngine engine;
    private static EngineClient client;

    @BeforeAll
    static void start() throws IOException {
        engine = VoiceEngine.start(new EngineConfig(0, dataDir, KEY));
        client = new EngineClient(engine.port(), KEY);
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @Test
    void healthAnswersWithoutAKey() {
        assertEquals(200, client.withKey(null).get("/health").status());
    }

    @Test
    void healthAnswersAtOnceWhileSpeechIsBeingSynthesised() throws Exception {
        String voiceId = addVoice("Grandpa");
        List<CompletableFuture<Answer>> speaking = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            speaking.add(CompletableFuture.supplyAsync(() -> client.postJson(tts(voiceId, "pcm_16000"), SENTENCE)));
        }
        Thread.sleep(200);

        long started = System.nanoTime();
        Answer health = client.get("/health");
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(200, health.status());
        assertTrue(millis < 500, "health took " + millis + " ms");
        assertFalse(speaking.stream().allMatch(CompletableFuture::isDone), "speech was still being synthesised");
        for (CompletableFuture<Answer> answer : speaking) {
            assertEquals(200, answer.get(30, TimeUnit.SECONDS).status());
        }
    }

    @Test
    void everyApiCallWithoutTheRightKeyIs401() {
        String voiceId = addVoice("Grandma");
        for (EngineClient stranger : List.of(client.withKey(null), client.withKey("wrong"))) {
            List<Answer> answers = List.of(
                    stranger.postForm("/v1/voices/add", List.of(Field.text("name", "x"))),
                    stranger.get("/v1/voices"),
                    stranger.get("/v1/voices/" + voiceId),
                    stranger.delete("/v1/voices/" + voiceId),
                    stranger.postJson(tts(voiceId, "pcm_16000"), SENTENCE),
                    stranger.get("/v1/models"),
                    stranger.get("/v1/user/subscription"));
            for (Answer answer : answers) {
                assertEquals(401, answer.status());
                assertEquals("invalid_api_key", json(answer).at("/detail/status").asText());
                assertMatchesSpec("GET", "/v1/voices", answer);
            }
        }
        assertEquals(200, client.get("/v1/voices/" + voiceId).status());
    }

    @Test
    void anAddedVoiceIsDescribedAsTheLocalEngineNotAClone() {
        Answer added = client.postForm("/v1/voices/add", List.of(Field.text("name", "Grandma Rose"),
                wav("one.wav"), wav("two.wav"), Field.text("description", "warm and slow"),
                Field.text("labels", "{\"accent\": \"Irish\"}"), Field.text("remove_background_noise", "true")));
        assertMatchesSpec("POST", "/v1/voices/add", added);
        String voiceId = json(added).path("voice_id").asText();
        assertTrue(voiceId.matches("[A-Za-z0-9]{20}"), voiceId);
        assertFalse(json(added).path("requires_verification").asBoolean());

        Answer got = client.get("/v1/voices/" + voiceId);
        assertMatchesSpec("GET", "/v1/voices/{voice_id}", got);
        JsonNode voice = json(got);
        assertEquals("Grandma Rose", voice.path("name").asText());
        assertEquals("generated", voice.path("category").asText());
        assertEquals(Map.of("accent", "Irish", "engine", "essence-local", "cloned", "false"),
                JSON.convertValue(voice.path("labels"), Map.class));
        assertEquals(2, voice.path("samples").size());
        assertEquals("audio/wav", voice.at("/samples/0/mime_type").asText());
        assertEquals(AudioFixtures.toneWav(300).length, voice.at("/samples/0/size_bytes").asLong());
        String description = voice.path("description").asText();
        assertTrue(description.contains("cmu-slt-hsmm") && description.contains("not a clone"), description);
        assertTrue(description.contains("warm and slow"), description);

        Answer listed = client.get("/v1/voices");
        assertMatchesSpec("GET", "/v1/voices", listed);
        assertTrue(ids(json(listed).path("voices")).contains(voiceId));
    }

    @Test
    void aDeletedVoiceIsGone() {
        String voiceId = addVoice("Uncle Joe");

        Answer deleted = client.delete("/v1/voices/" + voiceId);
        assertMatchesSpec("DELETE", "/v1/voices/{voice_id}", deleted);
        assertEquals("ok", json(deleted).path("status").asText());

        for (Answer gone : List.of(client.get("/v1/voices/" + voiceId), client.delete("/v1/voices/" + voiceId))) {
            assertEquals(404, gone.status());
            assertMatchesSpec("GET", "/v1/voices/{voice_id}", gone);
            assertEquals("voice_not_found", json(gone).at("/detail/status").asText());
            assertTrue(json(gone).at("/detail/message").asText().contains(voiceId));
        }
        assertFalse(ids(json(client.get("/v1/voices")).path("voices")).contains(voiceId));
    }

    @Test
    void voicesSurviveARestartOnTheSameDataDir(@TempDir Path otherData) throws IOException {
        String voiceId;
        try (VoiceEngine first = VoiceEngine.start(new EngineConfig(0, otherData, KEY))) {
            EngineClient firstClient = new EngineClient(first.port(), KEY);
            voiceId = json(firstClient.postForm("/v1/voices/add", List.of(Field.text("name", "Mum"), wav("a.wav"))))
                    .path("voice_id").asText();
        }
        try (VoiceEngine second = VoiceEngine.start(new EngineConfig(0, otherData, KEY))) {
            Answer got = new EngineClient(second.port(), KEY).get("/v1/voices/" + voiceId);
            assertEquals(200, got.status());
            assertEquals("Mum", json(got).path("name").asText());
        }
    }

    @Test
    void addingWithoutNameOrFilesIs422AsFastApiAnswers() {
        Answer answer = client.postForm("/v1/voices/add", List.of(Field.text("description", "nothing else")));

        assertEquals(422, answer.status());
        assertMatchesSpec("POST", "/v1/voices/add", answer);
        assertEquals(List.of(List.of("body", "name"), List.of("body", "files")), locs(answer));
        assertEquals("missing", json(answer).at("/detail/0/type").asText());
    }

    @Test
    void aFileThatIsNotAudioIs400() {
        Answer answer = client.postForm("/v1/voices/add", List.of(Field.text("name", "x"),
                Field.file("files", "notes.txt", "text/plain", "not audio at all".getBytes())));

        assertEquals(400, answer.status());
        assertMatchesSpec("POST", "/v1/voices/add", answer);
        assertEquals("invalid_audio", json(answer).at("/detail/status").asText());
    }

    @Test
    void pcm16000IsSpokenAudioOfTheRightLength() {
        String voiceId = addVoice("Grandpa");
        assertEquals(List.of(), SPEC.requestViolations("POST", "/v1/text-to-speech/{voice_id}", SENTENCE));
        assertEquals(List.of(), SPEC.queryViolations("POST", "/v1/text-to-speech/{voice_id}",
                Map.of("output_format", "pcm_16000")));

        Answer pcm16 = client.postJson(tts(voiceId, "pcm_16000"), SENTENCE);
        Answer pcm48 = client.postJson(tts(voiceId, "pcm_48000"), SENTENCE);

        assertEquals(200, pcm16.status(), pcm16.text());
        assertEquals("audio/pcm", pcm16.contentType());
        double seconds = pcm48.body().length / (48_000 * 2.0);
        assertTrue(seconds > 2 && seconds < 10, "spoken for " + seconds + " s");
        assertEquals(seconds * 16_000 * 2, pcm16.body().length, 0.002 * pcm16.body().length);
        assertTrue(rms(pcm16.body()) > 500, "RMS " + rms(pcm16.body()) + " is near silence");
    }

    @Test
    void ulaw8000AndTheStreamEndpointWork() {
        String voiceId = addVoice("Grandpa");

        Answer ulaw = client.postJson(tts(voiceId, "ulaw_8000"), SENTENCE);
        Answer streamed = client.postJson("/v1/text-to-speech/" + voiceId + "/stream?output_format=pcm_16000",
                SENTENCE);

        assertEquals(200, ulaw.status(), ulaw.text());
        assertEquals(200, streamed.status(), streamed.text());
        // one byte per sample at half the rate: a quarter of the 16 kHz PCM
        assertEquals(streamed.body().length / 4.0, ulaw.body().length, 0.002 * ulaw.body().length);
        assertTrue(rms(streamed.body()) > 500);
        long distinctBytes = IntStream.range(0, ulaw.body().length).map(i -> ulaw.body()[i])
                .distinct().count();
        assertTrue(distinctBytes > 100, "μ-law speech uses many codes; got " + distinctBytes);
    }

    @Test
    void everyMp3FormatIsOneValidMp3OfTheSpokenLengthAtItsRateAndBitrate() {
        String voiceId = addVoice("Grandpa");
        Answer pcm48 = client.postJson(tts(voiceId, "pcm_48000"), SENTENCE);
        double spoken = pcm48.body().length / (48_000 * 2.0);

        for (String format : List.of("mp3_22050_32", "mp3_44100_32", "mp3_44100_64", "mp3_44100_96",
                "mp3_44100_128", "mp3_44100_192")) {
            assertEquals(List.of(), SPEC.queryViolations("POST", "/v1/text-to-speech/{voice_id}",
                    Map.of("output_format", format)));
            Answer mp3 = client.postJson(tts(voiceId, format), SENTENCE);

            assertEquals(200, mp3.status(), mp3.text());
            assertEquals("audio/mpeg", mp3.contentType());
            DecodedAudio decoded = DecodedAudio.of(mp3.body());
            int rate = Integer.parseInt(format.split("_")[1]);
            int kbps = Integer.parseInt(format.split("_")[2]);
            assertEquals("mp3", decoded.format(), format);
            assertEquals(rate, decoded.sampleRate(), format);
            assertEquals(1, decoded.channels(), format);
            // the Xing/LAME header carries the encoder's delay and padding: the decoder gives back what was spoken,
            // to well within one frame (1152 samples, 26 ms at 44.1 kHz; measured: 6 ms longer at every rate)
            assertEquals(spoken, decoded.seconds(), 0.010, format);
            assertEquals(kbps, mp3.body().length * 8 / decoded.seconds() / 1000, kbps * 0.05, format);
            assertTrue(decoded.rms() > 500, format + ": RMS " + decoded.rms() + " is near silence");
        }
    }

    @Test
    void withoutAnOutputFormatTheSpecsDefaultMp3IsAnswered() {
        String voiceId = addVoice("Grandpa");

        Answer answer = client.postJson("/v1/text-to-speech/" + voiceId, SENTENCE);

        assertEquals(200, answer.status(), answer.text());
        assertEquals("audio/mpeg", answer.contentType());
        DecodedAudio decoded = DecodedAudio.of(answer.body());
        assertEquals(44_100, decoded.sampleRate());
        assertEquals(128, answer.body().length * 8 / decoded.seconds() / 1000, 128 * 0.05);
    }

    @Test
    void aStreamedMp3IsOneValidMp3OfTheSpokenLength() {
        String voiceId = addVoice("Grandpa");
        double spoken = client.postJson(tts(voiceId, "pcm_48000"), SENTENCE).body().length / (48_000 * 2.0);

        Answer streamed = client.postJson("/v1/text-to-speech/" + voiceId + "/stream?output_format=mp3_22050_32",
                SENTENCE);

        assertEquals(200, streamed.status(), streamed.text());
        assertEquals("audio/mpeg", streamed.contentType());
        DecodedAudio decoded = DecodedAudio.of(streamed.body());
        assertEquals(22_050, decoded.sampleRate());
        // a stream cannot go back for the header: the encoder's delay and last frame's padding stay (< 2 frames)
        assertTrue(decoded.seconds() >= spoken && decoded.seconds() < spoken + 2 * 1152.0 / 22_050,
                decoded.seconds() + " s decoded for " + spoken + " s spoken");
    }

    @Test
    void opusIs422BecauseTheEngineDoesNotProduceIt() {
        String voiceId = addVoice("Grandpa");
        for (String format : List.of("opus_48000_64", "opus_48000_192")) {
            Answer answer = client.postJson(tts(voiceId, format), SENTENCE);
            assertEquals(422, answer.status());
            assertMatchesSpec("POST", "/v1/text-to-speech/{voice_id}", answer);
            assertEquals(List.of(List.of("query", "output_format")), locs(answer));
            assertEquals("value_error", json(answer).at("/detail/0/type").asText());
            String message = json(answer).at("/detail/0/msg").asText();
            assertTrue(message.contains("mp3_44100_128") && message.contains("pcm_16000"), message);
        }
        Answer outsideTheSpec = client.postJson(tts(voiceId, "wav_16000"), SENTENCE);
        assertEquals(422, outsideTheSpec.status());
        assertEquals("enum", json(outsideTheSpec).at("/detail/0/type").asText());
    }

    @Test
    void badTextToSpeechRequestsAreAnsweredAsElevenLabsDoes() {
        String voiceId = addVoice("Grandpa");

        Answer unknownVoice = client.postJson(tts("AAAAAAAAAAAAAAAAAAAA", "pcm_16000"), SENTENCE);
        assertEquals(404, unknownVoice.status());
        assertMatchesSpec("POST", "/v1/text-to-speech/{voice_id}", unknownVoice);
        assertEquals("voice_not_found", json(unknownVoice).at("/detail/status").asText());

        Answer noText = client.postJson(tts(voiceId, "pcm_16000"), "{\"model_id\": \"eleven_multilingual_v2\"}");
        assertEquals(422, noText.status());
        assertMatchesSpec("POST", "/v1/text-to-speech/{voice_id}", noText);
        assertEquals(List.of(List.of("body", "text")), locs(noText));

        Answer tooLong = client.postJson(tts(voiceId, "pcm_16000"), "{\"text\": \"" + "a".repeat(10_001) + "\"}");
        assertEquals(400, tooLong.status());
        assertMatchesSpec("POST", "/v1/text-to-speech/{voice_id}", tooLong);
        assertEquals("max_character_limit_exceeded", json(tooLong).at("/detail/status").asText());
    }

    @Test
    void theOneModelIsDescribed() {
        Answer models = client.get("/v1/models");

        assertMatchesSpec("GET", "/v1/models", models);
        assertEquals("essence_local_marytts", json(models).at("/0/model_id").asText());
        assertTrue(json(models).at("/0/can_do_text_to_speech").asBoolean());
    }

    @Test
    void theAccountNeverRunsOutAndCountsTheCharactersSpoken() {
        String voiceId = addVoice("Grandpa");
        long before = json(client.get("/v1/user/subscription")).path("character_count").asLong();
        assertEquals(200, client.postJson(tts(voiceId, "mp3_22050_32"), SENTENCE).status());

        Answer subscription = client.get("/v1/user/subscription");

        assertMatchesSpec("GET", "/v1/user/subscription", subscription);
        JsonNode account = json(subscription);
        assertEquals(77, account.path("character_count").asLong() - before);
        assertTrue(account.path("character_limit").asLong() >= 1_000_000_000L);
        assertEquals("active", account.path("status").asText());
    }

    @Test
    void unknownPathsAndMethodsAreAnsweredAsFastApiDoes() {
        Answer unknown = client.get("/v1/history");
        assertEquals(404, unknown.status());
        assertEquals("{\"detail\":\"Not Found\"}", unknown.text());

        Answer wrongMethod = client.method("PUT", "/v1/voices");
        assertEquals(405, wrongMethod.status());
        assertEquals("{\"detail\":\"Method Not Allowed\"}", wrongMethod.text());
    }

    private static String addVoice(String name) {
        Answer added = client.postForm("/v1/voices/add", List.of(Field.text("name", name), wav("voice.wav")));
        assertEquals(200, added.status(), added.text());
        return json(added).path("voice_id").asText();
    }

    private static Field wav(String fileName) {
        return Field.file("files", fileName, "audio/wav", AudioFixtures.toneWav(300));
    }

    private static String tts(String voiceId, String outputFormat) {
        return "/v1/text-to-speech/" + voiceId + "?output_format=" + outputFormat;
    }

    private static void assertMatchesSpec(String method, String pathTemplate, Answer answer) {
        assertEquals(List.of(), SPEC.responseViolations(method, pathTemplate, answer.status(), answer.text()),
                answer.text());
    }

    private static JsonNode json(Answer answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + answer.text(), e);
        }
    }

    private static List<List<Object>> locs(Answer answer) {
        List<List<Object>> locs = new ArrayList<>();
        json(answer).path("detail").forEach(error -> locs.add(JSON.convertValue(error.path("loc"), List.class)));
        return locs;
    }

    private static List<String> ids(JsonNode voices) {
        List<String> ids = new ArrayList<>();
        voices.forEach(voice -> ids.add(voice.path("voice_id").asText()));
        return ids;
    }

    /** Root mean square of 16-bit little-endian samples: speech is in the thousands, silence near 0. */
    private static double rms(byte[] pcm) {
        ByteBuffer samples = ByteBuffer.wrap(pcm).order(ByteOrder.LITTLE_ENDIAN);
        double sum = 0;
        int count = pcm.length / 2;
        for (int i = 0; i < count; i++) {
            double sample = samples.getShort();
            sum += sample * sample;
        }
        return Math.sqrt(sum / count);
    }
}
