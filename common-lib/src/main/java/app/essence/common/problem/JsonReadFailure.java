package app.essence.common.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * What is wrong with a JSON body Jackson refused, and in which field (as the client wrote it, {@code a.b} or
 * {@code items.[2]}), so that the problem names the field: a wrong type, a duplicate key, a number out of range.
 */
record JsonReadFailure(ProblemType type, String field, String message) {

    static JsonReadFailure of(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new JsonReadFailure(ProblemType.UNKNOWN_FIELD, path(unknown), "unknown or server-controlled field");
        }
        if (e instanceof MismatchedInputException mismatched) {
            String field = path(mismatched);
            return field.isEmpty()
                    ? new JsonReadFailure(ProblemType.MALFORMED_BODY, "", "the body must be a JSON object")
                    : new JsonReadFailure(ProblemType.VALIDATION, field, "has the wrong type");
        }
        // Databind may wrap what the parser refused, adding the path it had reached.
        StreamReadException read = e instanceof StreamReadException direct ? direct
                : e instanceof JsonMappingException && e.getCause() instanceof StreamReadException cause ? cause : null;
        if (read != null) {
            // The parser knows the exact field; databind's path stops at the property it was reading.
            String field = path(read.getProcessor());
            if (field.isEmpty() && e instanceof JsonMappingException mapping) {
                field = path(mapping);
            }
            Optional<JsonReadFailure> failure = ofParser(read, field);
            if (failure.isPresent()) {
                return failure.get();
            }
        }
        if (e instanceof StreamConstraintsException) {
            return new JsonReadFailure(ProblemType.MALFORMED_BODY, "", "the body is nested too deeply");
        }
        return new JsonReadFailure(ProblemType.MALFORMED_BODY, "", "the body is not valid JSON: "
                + e.getOriginalMessage());
    }

    private static Optional<JsonReadFailure> ofParser(StreamReadException e, String field) {
        if (e instanceof InputCoercionException) {
            return Optional.of(new JsonReadFailure(ProblemType.VALIDATION, field, "is a number out of range"));
        }
        if (e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")) {
            return Optional.of(new JsonReadFailure(ProblemType.MALFORMED_BODY, field, "appears more than once"));
        }
        return Optional.empty();
    }

    /** The detail line of the problem: the field first when there is one. */
    String detail() {
        return field.isEmpty() ? message : field + ": " + message;
    }

    List<Problem.FieldError> errors() {
        return field.isEmpty() ? null : List.of(new Problem.FieldError(field, message));
    }

    private static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }

    /** Where the parser stood when it refused the input: the field whose name or value it was reading. */
    private static String path(Object processor) {
        if (!(processor instanceof JsonParser parser)) {
            return "";
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
                context = context.getParent()) {
            if (context.inObject() && context.getCurrentName() != null) {
                parts.addFirst(context.getCurrentName());
            } else if (context.inArray()) {
                parts.addFirst("[" + Math.max(context.getCurrentIndex(), 0) + "]");
            }
        }
        return String.join(".", parts);
    }
}
