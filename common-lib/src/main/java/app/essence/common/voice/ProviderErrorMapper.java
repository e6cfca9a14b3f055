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

    @Override
    public VoiceProviderException toThrowable(Response response) {
        int status = response.getStatus();
        Detail detail = detail(response);
        return status == 429 || status >= 500
                ? new VoiceProviderException.Busy(status, detail.code(), detail.message())
                : new VoiceProviderException.Refused(status, detail.code(), detail.message());
    }

    private static Detail detail(Response response) {
        String reason = response.getStatusInfo().getReasonPhrase();
        String body;
        try {
            body = response.hasEntity() ? response.readEntity(String.class) : "";
        } catch (RuntimeException e) {
            return new Detail("unreadable_error", reason);
        }
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
