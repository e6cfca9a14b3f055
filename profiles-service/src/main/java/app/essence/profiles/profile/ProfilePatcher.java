package app.essence.profiles.profile;

import app.essence.common.problem.Problem;
import app.essence.common.problem.ProblemException;
import app.essence.common.problem.ProblemType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Applies a JSON merge patch to a profile's writable fields and validates the result with the same rules as a new
 * profile. Anything else in the patch, server-controlled fields above all, is refused: never silently ignored.
 */
@ApplicationScoped
public class ProfilePatcher {
    private static final Set<String> WRITABLE = Set.of("name", "relation", "notes");

    private final Validator validator;

    public ProfilePatcher(Validator validator) {
        this.validator = validator;
    }

    public ProfileFields patched(Profile profile, ObjectNode patch) {
        List<Problem.FieldError> refused = new ArrayList<>();
        patch.fieldNames().forEachRemaining(field -> {
            if (!WRITABLE.contains(field)) {
                refused.add(new Problem.FieldError(field, "unknown or server-controlled field"));
            }
        });
        if (!refused.isEmpty()) {
            throw new ProblemException(ProblemType.UNKNOWN_FIELD, "only name, relation and notes can be changed",
                    refused);
        }
        ProfileFields fields = new ProfileFields(
                text(patch, "name", profile.name),
                text(patch, "relation", profile.relation),
                text(patch, "notes", profile.notes));
        Set<ConstraintViolation<ProfileFields>> violations = validator.validate(fields);
        if (!violations.isEmpty()) {
            throw new ConstraintViolationException(violations);
        }
        return fields;
    }

    private static String text(ObjectNode patch, String field, String current) {
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
}
