package app.essence.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ElevenLabsSpecTests {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TTS = "/v1/text-to-speech/{voice_id}";
    private static final String ADD = "/v1/voices/add";

    private final ElevenLabsSpec spec = ElevenLabsSpec.load();

    @Test
    void theSpecsOwnExamplesOfEverySuccessfulAnswerPass() throws IOException {
        JsonNode document = document();
        List<String> checked = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            JsonNode schema = op.getValue().path("responses").path("200").path("content").path("application/json")
                    .path("schema");
            if (schema.isMissingNode()) {
                return;
            }
            boolean array = "array".equals(schema.path("type").asText());
            String ref = (array ? schema.path("items") : schema).path("$ref").asText();
            JsonNode example = document.at(ref.substring(1)).path("example");
            String body = (array ? JSON.createArrayNode().add(example) : example).toString();
            String operation = op.getKey().toUpperCase() + " " + path.getKey();
            assertEquals(List.of(), spec.responseViolations(op.getKey().toUpperCase(), path.getKey(), 200, body),
                    operation);
            checked.add(operation);
        }));
        assertEquals(6, checked.size(), checked.toString());
    }

    @Test
    void missingVoiceIdIsAViolationNamingIt() throws IOException {
        ObjectNode added = example("AddVoiceIVCResponseModel");
        added.remove("voice_id");

        assertNamed("voice_id", spec.responseViolations("POST", ADD, 200, added.toString()));
    }

    @Test
    void wrongTypeIsAViolationNamingTheField() throws IOException {
        ObjectNode added = example("AddVoiceIVCResponseModel").put("requires_verification", "no");

        assertNamed("requires_verification", spec.responseViolations("POST", ADD, 200, added.toString()));
    }

    @Test
    void unknownEnumValueIsAViolationNamingTheField() throws IOException {
        ObjectNode voice = example("VoiceResponseModel").put("category", "cloned_by_us");

        assertNamed("category", spec.responseViolations("GET", "/v1/voices/{voice_id}", 200, voice.toString()));
    }

    @Test
    void referencedSchemasAreCheckedInsideLists() throws IOException {
        ObjectNode voice = example("VoiceResponseModel");
        voice.remove("high_quality_base_model_ids");
        ObjectNode settings = (ObjectNode) voice.get("settings");
        settings.put("stability", "steady");
        String voices = JSON.createObjectNode().set("voices", JSON.createArrayNode().add(voice)).toString();

        List<String> violations = spec.responseViolations("GET", "/v1/voices", 200, voices);

        assertNamed("high_quality_base_model_ids", violations);
        assertNamed("stability", violations);
    }

    @Test
    void nullIsAcceptedWhereTheSchemaAllowsIt() throws IOException {
        ObjectNode voice = example("VoiceResponseModel").putNull("description").putNull("samples");

        assertEquals(List.of(), spec.responseViolations("GET", "/v1/voices/{voice_id}", 200, voice.toString()));
        voice.putNull("name");
        assertNamed("name", spec.responseViolations("GET", "/v1/voices/{voice_id}", 200, voice.toString()));
    }

    @Test
    void errorsOutsideTheSpecMustHaveElevenLabsDetailShape() {
        String notFound = """
                {"detail": {"status": "voice_not_found", "message": "A voice with the voice_id x was not found."}}""";

        assertEquals(List.of(), spec.responseViolations("GET", "/v1/voices/{voice_id}", 404, notFound));
        assertNamed("detail", spec.responseViolations("GET", "/v1/voices/{voice_id}", 404, "{\"detail\":\"Nope\"}"));
        assertNamed("status", spec.responseViolations("POST", ADD, 401,
                "{\"detail\":{\"status\":\"Invalid Key\",\"message\":\"Invalid API key\"}}"));
        assertNamed("message", spec.responseViolations("POST", ADD, 429, "{\"detail\":{\"status\":\"system_busy\"}}"));
    }

    @Test
    void aStatusNoOneAnswersIsAViolation() {
        assertNamed("418", spec.responseViolations("DELETE", "/v1/voices/{voice_id}", 418, "{\"status\":\"ok\"}"));
    }

    @Test
    void validationErrorsAreChecked() {
        String missingName = """
                {"detail": [{"loc": ["body", "name"], "msg": "Field required", "type": "missing"}]}""";

        assertEquals(List.of(), spec.responseViolations("POST", ADD, 422, missingName));
        String withoutMsg = "{\"detail\":[{\"loc\":[\"body\"],\"type\":\"x\"}]}";
        assertNamed("msg", spec.responseViolations("POST", ADD, 422, withoutMsg));
    }

    @Test
    void audioAnswersAreNotJson() {
        assertNamed("audio/mpeg", spec.responseViolations("POST", TTS, 200, "{}"));
    }

    @Test
    void unknownOperationIsAMistakeInTheTest() {
        assertThrows(IllegalArgumentException.class, () -> spec.responseViolations("GET", "/v1/history", 200, "{}"));
    }

    @Test
    void textToSpeechRequestsAreCheckedStrictly() {
        String example = """
                {"text": "This is a test for the API of ElevenLabs.", "model_id": "eleven_multilingual_v2",
                 "seed": 12345, "voice_settings": {"stability": 0.5, "similarity_boost": 0.75},
                 "pronunciation_dictionary_locators": [{"pronunciation_dictionary_id": "test", "version_id": "id2"}],
                 "previous_request_ids": ["09bOJkdYVjKy2oOiiVtR"], "apply_text_normalization": "auto"}""";

        assertEquals(List.of(), spec.requestViolations("POST", TTS, example));
        assertNamed("text", spec.requestViolations("POST", TTS, "{\"model_id\":\"eleven_multilingual_v2\"}"));
        assertNamed("txt", spec.requestViolations("POST", TTS, "{\"text\":\"hi\",\"txt\":\"hi\"}"));
        assertNamed("seed", spec.requestViolations("POST", TTS, "{\"text\":\"hi\",\"seed\":\"one\"}"));
        assertNamed("apply_text_normalization",
                spec.requestViolations("POST", TTS, "{\"text\":\"hi\",\"apply_text_normalization\":\"sometimes\"}"));
        assertNamed("loudness",
                spec.requestViolations("POST", TTS, "{\"text\":\"hi\",\"voice_settings\":{\"loudness\":1}}"));
        assertNamed("not JSON", spec.requestViolations("POST", TTS, "text=hi"));
    }

    @Test
    void addVoiceIsMultipartWithFiles() {
        assertEquals(Map.of("name", true, "files", true, "remove_background_noise", false, "description", false,
                "labels", false), spec.multipartFields("POST", ADD));
        assertTrue(spec.isBinaryField("POST", ADD, "files"));
        assertFalse(spec.isBinaryField("POST", ADD, "name"));
        assertFalse(spec.isBinaryField("POST", ADD, "labels"));
    }

    @Test
    void queryAndHeaderParametersAreDeclared() {
        assertEquals(List.of("enable_logging", "optimize_streaming_latency", "output_format"),
                List.copyOf(spec.queryParameters("POST", TTS)));
        assertEquals(List.of("xi-api-key"), List.copyOf(spec.headerParameters("POST", TTS)));
        assertEquals(List.of("xi-api-key"), List.copyOf(spec.headerParameters("POST", ADD)));
    }

    @Test
    void queryValuesAreCheckedAgainstTheirSchema() {
        assertEquals(List.of(), spec.queryViolations("POST", TTS,
                Map.of("output_format", "pcm_16000", "enable_logging", "false", "optimize_streaming_latency", "2")));
        assertNamed("output_format", spec.queryViolations("POST", TTS, Map.of("output_format", "wav_16000")));
        assertNamed("enable_logging", spec.queryViolations("POST", TTS, Map.of("enable_logging", "maybe")));
        assertNamed("format", spec.queryViolations("POST", TTS, Map.of("format", "pcm_16000")));
    }

    private static void assertNamed(String name, List<String> violations) {
        assertTrue(violations.stream().anyMatch(v -> v.contains(name)), "none names " + name + ": " + violations);
    }

    private static ObjectNode example(String schema) throws IOException {
        return (ObjectNode) document().path("components").path("schemas").path(schema).path("example").deepCopy();
    }

    private static JsonNode document() throws IOException {
        try (InputStream in = ElevenLabsSpecTests.class.getClassLoader()
                .getResourceAsStream("vendor/elevenlabs-openapi.json")) {
            return JSON.readTree(in);
        }
    }
}
