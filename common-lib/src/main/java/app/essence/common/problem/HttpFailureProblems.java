package app.essence.common.problem;

import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * Failures that happen below the REST layer (in the HTTP layer's own handlers) also answer with a problem document,
 * never with the default error page that a browser's Accept header would get. (A body over its limit is refused
 * before any route by {@code http/BodyLimits}.)
 */
@ApplicationScoped
public class HttpFailureProblems {
    private static final Logger LOG = Logger.getLogger(HttpFailureProblems.class);

    void install(@Observes Router router) {
        router.route().order(Integer.MIN_VALUE).failureHandler(this::answer);
    }

    private void answer(RoutingContext context) {
        if (context.response().headWritten()) {
            context.next();
            return;
        }
        int status = context.statusCode() >= 400 ? context.statusCode() : 500;
        if (status >= 500) {
            LOG.errorf(context.failure(), "request to %s failed", context.normalizedPath());
        }
        ProblemType type = ProblemType.forStatus(status);
        Problem problem = new Problem(type.uri(), type.title(), status, type.title(), context.normalizedPath(), null);
        context.response().setStatusCode(status).putHeader("Content-Type", Problem.MEDIA_TYPE)
                .end(Json.encode(problem));
    }
}
