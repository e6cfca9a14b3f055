package app.essence.common.json;

import app.essence.common.problem.Problem;
import app.essence.common.problem.ProblemException;
import app.essence.common.problem.ProblemType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.List;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * Reading a JSON merge patch (RFC 7396) of a resource's client-writable fields: any other field is refused by name,
 * never silently ignored; a field left out keeps its value; {@code null} clears it.
 */
public final class MergePatch {
    private MergePatch() {
    }

    public static void requireOnly(ObjectNode patch, Set<String> writable) {
        List<Problem.FieldError> refused = StreamSupport.stream(
                        ((Iterable<String>) patch::fieldNames).spliterator(), false)
                .filter(field -> !writable.contains(field))
                .map(field -> new Problem.FieldError(field, "unknown or server-controlled field"))
                .toList();
        if (!refused.isEmpty()) {
            throw new ProblemException(ProblemType.UNKNOWN_FIELD,
                    "only " + String.join(", ", writable.stream().sorted().toList()) + " can be changed", refused);
        }
    }

    /** The patched text of {@code field}: {@code current} when the patch leaves it out. */
    public static String text(ObjectNode patch, String field, String current) {
        if (!patch.has(field)) {
            return current;
        }
        JsonNode value = patch.get(field);
        if (value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ProblemException.invalidField(field, "must be a string");
        }
        return value.asText();
    }

    /** Checks the patched result with the same constraints as a new resource. */
    public static <T> T validated(Validator validator, T patched) {
        Set<ConstraintViolation<T>> violations = validator.validate(patched);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return patched;
    }
}
