package app.essence.common.logging;

import jakarta.ws.rs.container.ContainerRequestContext;
import java.util.regex.Pattern;
import org.jboss.logging.MDC;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * What every log line of a request or an event carries (MDC; in {@code prod} the JSON log's fields, docs/deploy.md):
 * the gateway's request id ({@code X-Request-Id}), the caller's user id (set by CallerContext, never the token) and
 * the event being applied (set by the Inbox).
 */
public class LogContext {
    public static final String REQUEST_ID_HEADER = "X-Request-Id";
    public static final String REQUEST_ID = "request_id";
    public static final String USER_ID = "user_id";
    public static final String EVENT_ID = "event_id";
    /** What the gateway passes on (its own 32 hex digits, or the client's id if it looks like one). */
    private static final Pattern REQUEST_ID_FORM = Pattern.compile("[A-Za-z0-9._:-]{8,128}");

    @ServerRequestFilter(preMatching = true)
    public void tagRequest(ContainerRequestContext request) {
        String id = request.getHeaderString(REQUEST_ID_HEADER);
        if (id != null && REQUEST_ID_FORM.matcher(id).matches()) {
            MDC.put(REQUEST_ID, id);
        }
    }
}
