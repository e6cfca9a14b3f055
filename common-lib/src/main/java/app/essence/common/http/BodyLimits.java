package app.essence.common.http;

import app.essence.common.problem.Problem;
import app.essence.common.problem.ProblemException;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.RouteConstants;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.core.MediaType;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every body is held to the limit of what it is before a byte of it is read: a JSON body to {@link #JSON_MAX_BYTES},
 * any other to the service's largest route limit ({@code quarkus.http.limits.max-body-size}); routes with smaller
 * limits of their own (avatars) check them too. A declared length over the limit is refused here, from the
 * headers, with a 413 problem, and the rest of the body is dropped unread. A JSON body
 * without a declared length is cut off by {@link JsonBodyCap} as it is read.
 */
@ApplicationScoped
public class BodyLimits {
    /** Our JSON bodies are a few fields of text; this leaves room for the longest of them many times over. */
    public static final long JSON_MAX_BYTES = 64 * 1024;
    /** How long a client may go on sending a refused body before its connection is closed. */
    static final Duration LINGER = Duration.ofSeconds(5);

    private final long serverMaxBytes;

    public BodyLimits(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize serverMax) {
        this.serverMaxBytes = serverMax.asLongValue();
    }

    void install(@Observes Router router) {
        // Just before Quarkus's own check of the server-wide limit, which would answer an empty 413.
        router.route().order(RouteConstants.ROUTE_ORDER_UPLOAD_LIMIT - 1).handler(this::checkDeclaredLength);
    }

    private void checkDeclaredLength(RoutingContext context) {
        long limit = isJson(context.request().getHeader(HttpHeaders.CONTENT_TYPE)) ? JSON_MAX_BYTES : serverMaxBytes;
        if (declaredLength(context) > limit) {
            refuse(context, limit);
            return;
        }
        context.next();
    }

    /** {@code application/json} and its relatives such as {@code application/merge-patch+json}. */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        try {
            return isJson(MediaType.valueOf(contentType));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    static boolean isJson(MediaType type) {
        return type != null && "application".equalsIgnoreCase(type.getType())
                && ("json".equalsIgnoreCase(type.getSubtype()) || type.getSubtype().toLowerCase().endsWith("+json"));
    }

    /** Answers 413 as a problem, then lets the connection go without reading the body (see {@link #discardRest}). */
    static void refuse(RoutingContext context, long limit) {
        ProblemException tooLarge = ProblemException.tooLarge(limit);
        Problem problem = new Problem(tooLarge.type().uri(), tooLarge.type().title(), tooLarge.type().status(),
                tooLarge.getMessage(), context.normalizedPath(), null);
        discardRest(context);
        context.response().setStatusCode(tooLarge.type().status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }

    /**
     * A lingering close: what is left of a refused body is dropped as it arrives, never kept, so that a client
     * still sending can finish and read the answer (most do not wait for {@code 100 Continue}); once the body has
     * ended and the answer is out, or after {@link #LINGER} at most, the connection closes.
     */
    static void discardRest(RoutingContext context) {
        HttpServerRequest request = context.request();
        HttpServerResponse response = context.response();
        Runnable closeWhenBothEnded = () -> {
            if (response.ended() && request.isEnded()) {
                request.connection().close();
            }
        };
        response.putHeader(HttpHeaders.CONNECTION, "close");
        context.addEndHandler(answered -> closeWhenBothEnded.run());
        context.vertx().setTimer(LINGER.toMillis(), late -> request.connection().close());
        if (!request.isEnded()) {
            request.handler(dropped -> {
            }).endHandler(ended -> closeWhenBothEnded.run());
            request.resume();
        }
    }

    private static long declaredLength(RoutingContext context) {
        String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return declared == null ? -1 : Long.parseLong(declared.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
