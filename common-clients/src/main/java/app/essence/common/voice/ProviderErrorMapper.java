package app.essence.common.voice;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Reads an ElevenLabs error answer: {@code {"detail":{"status":…,"message":…}}} for most errors,
 * {@code {"detail":[{"loc":…,"msg":…,"type":…}]}} for a 422, or anything else as its status alone.
 */
public class ProviderErrorMapper implements ResponseExceptionMapper<VoiceProviderException> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_MESSAGE = 500;
    /** An error answer longer than this is not parsed: ElevenLabs' errors are a few hundred bytes. */
    public static final int MAX_ERROR_BYTES = 16 * 1024;

    @Override
    public VoiceProviderException toThrowable(Response response) {
        String reason = response.getStatusInfo().getReasonPhrase();
        if (response.getLength() > MAX_ERROR_BYTES) {
            return of(response.getStatus(), "oversized_error", reason);
        }
        String body;
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            return of(response.getStatus(), "unreadable_error", reason);
        }
        return fromBody(response.getStatus(), reason, body);
    }

    /**
     * The exception for an error answer whose body (at most {@link #MAX_ERROR_BYTES}, longer ones cut) was read by
     * the caller: for clients that stream the answer themselves.
     */
    public static VoiceProviderException fromBody(int status, String reason, String body) {
        String text = body == null ? "" : body;
        if (text.length() > MAX_ERROR_BYTES) {
            return of(status, "oversized_error", reason);
        }
        Detail detail = detail(reason == null ? String.valueOf(status) : reason, text);
        return of(status, detail.code(), detail.message());
    }

    private static VoiceProviderException of(int status, String code, String message) {
        return status == 429 || status >= 500
                ? new VoiceProviderException.Busy(status, code, message)
                : new VoiceProviderException.Refused(status, code, message);
    }

    private static Detail detail(String reason, String body) {
        try {
            JsonNode detail = JSON.readTree(body).path("detail");
            if (detail.isObject()) {
                return new Detail(detail.path("status").asText("error"), cut(detail.path("message").asText(reason)));
            }
            if (detail.isArray()) {
                List<String> problems = new ArrayList<>();
                detail.forEach(error -> problems.add(error.path("loc") + " " + error.path("msg").asText()));
                String type = detail.isEmpty() ? "validation_error" : detail.get(0).path("type").asText("validation_error");
                return new Detail(type, cut(String.join("; ", problems)));
            }
            if (detail.isTextual()) {
                return new Detail("error", cut(detail.asText()));
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not JSON: the body itself says what happened
        }
        return new Detail("error", cut(body.isBlank() ? reason : body));
    }

    private static String cut(String text) {
        return text.length() <= MAX_MESSAGE ? text : text.substring(0, MAX_MESSAGE) + "…";
    }

    private record Detail(String code, String message) {
    }
}
