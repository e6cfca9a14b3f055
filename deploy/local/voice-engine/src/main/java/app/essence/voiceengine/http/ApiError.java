package app.essence.voiceengine.http;

import java.util.List;
import java.util.Map;

/** An answer other than success, in the shape ElevenLabs (a FastAPI service) gives it; thrown, mapped once. */
public final class ApiError extends RuntimeException {
    private final int status;
    private final Object body;

    private ApiError(int status, String message, Object body) {
        super(message);
        this.status = status;
        this.body = body;
    }

    /** ElevenLabs' own errors: {@code {"detail": {"status": "<code>", "message": "<text>"}}}. */
    public static ApiError of(int status, String code, String message) {
        return new ApiError(status, message, Map.of("detail", Map.of("status", code, "message", message)));
    }

    public static ApiError voiceNotFound(String voiceId) {
        return of(404, "voice_not_found", "A voice with the voice_id " + voiceId + " was not found.");
    }

    /** FastAPI's request validation answer (HTTPValidationError), one entry per field at fault. */
    public static ApiError validation(FieldError... errors) {
        return new ApiError(422, "invalid request", Map.of("detail", List.of(errors)));
    }

    /** FastAPI's own routing answers carry a plain string detail. */
    static ApiError routing(int status, String detail) {
        return new ApiError(status, detail, Map.of("detail", detail));
    }

    public int status() {
        return status;
    }

    public Object body() {
        return body;
    }

    /** One entry of FastAPI's validation answer; {@code loc} is e.g. {@code ["body", "text"]}. */
    public record FieldError(List<Object> loc, String msg, String type) {
        public static FieldError missing(String in, String field) {
            return new FieldError(List.of(in, field), "Field required", "missing");
        }
    }
}
