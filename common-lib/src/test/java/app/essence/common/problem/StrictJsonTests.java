package app.essence.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.essence.common.json.EssenceJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** The system's JSON reading refuses what it would otherwise guess at, and says which field was wrong. */
class StrictJsonTests {
    private static final ObjectMapper JSON = EssenceJson.newMapper();

    record Sample(String name, Boolean consent, int count, Inner inner) {
    }

    record Inner(int size) {
    }

    @Test
    void aScalarOfTheWrongTypeIsNotCoercedAndItsFieldIsNamed() {
        assertRefused("{\"consent\": \"true\"}", Sample.class, ProblemType.VALIDATION, "consent", "has the wrong type");
        assertRefused("{\"consent\": 1}", Sample.class, ProblemType.VALIDATION, "consent", "has the wrong type");
        assertRefused("{\"name\": 5}", Sample.class, ProblemType.VALIDATION, "name", "has the wrong type");
        assertRefused("{\"name\": false}", Sample.class, ProblemType.VALIDATION, "name", "has the wrong type");
        assertRefused("{\"count\": \"3\"}", Sample.class, ProblemType.VALIDATION, "count", "has the wrong type");
        assertRefused("{\"count\": 1.5}", Sample.class, ProblemType.VALIDATION, "count", "has the wrong type");
    }

    @Test
    void aDuplicateKeyIsRefusedByName() {
        assertRefused("{\"name\": \"a\", \"name\": \"b\"}", Sample.class, ProblemType.MALFORMED_BODY, "name",
                "appears more than once");
        assertRefused("{\"name\": \"a\", \"name\": \"b\"}", ObjectNode.class, ProblemType.MALFORMED_BODY, "name",
                "appears more than once");
        assertRefused("{\"inner\": {\"size\": 1, \"size\": 2}}", Sample.class, ProblemType.MALFORMED_BODY,
                "inner.size", "appears more than once");
    }

    @Test
    void aNumberOutOfRangeIsRefusedByName() {
        assertRefused("{\"count\": 3000000000}", Sample.class, ProblemType.VALIDATION, "count",
                "is a number out of range");
        assertRefused("{\"inner\": {\"size\": -3000000000}}", Sample.class, ProblemType.VALIDATION, "inner.size",
                "is a number out of range");
        String endless = "9".repeat(1200);
        assertRefused("{\"count\": " + endless + "}", Sample.class, ProblemType.VALIDATION, "count",
                "is a number out of range");
        assertRefused("{\"name\": " + endless + "}", Sample.class, ProblemType.VALIDATION, "name",
                "has the wrong type");
    }

    @Test
    void tooDeepANestingIsRefusedWithoutReadingOn() {
        JsonReadFailure failure = failure("{\"a\": " + "[".repeat(5000) + "]".repeat(5000) + "}",
                ObjectNode.class);
        assertEquals(ProblemType.MALFORMED_BODY, failure.type());
    }

    @Test
    void wellFormedInputIsStillRead() throws Exception {
        Sample sample = JSON.readValue("{\"name\": \"a\", \"consent\": true, \"count\": 2, \"inner\": {\"size\": 1}}",
                Sample.class);
        assertEquals(new Sample("a", true, 2, new Inner(1)), sample);
    }

    @Test
    void brokenJsonHasNoFieldToName() {
        JsonReadFailure failure = failure("{\"name\": ", Sample.class);
        assertEquals(ProblemType.MALFORMED_BODY, failure.type());
        assertEquals(null, failure.errors());
    }

    private static void assertRefused(String json, Class<?> type, ProblemType problem, String field, String message) {
        JsonReadFailure failure = failure(json, type);
        assertEquals(new JsonReadFailure(problem, field, message), failure, json);
        assertEquals(field + ": " + message, failure.detail());
    }

    private static JsonReadFailure failure(String json, Class<?> type) {
        return JsonReadFailure.of(assertThrows(JsonProcessingException.class, () -> JSON.readValue(json, type),
                json));
    }
}
