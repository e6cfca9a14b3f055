package app.essence.common.http;

import app.essence.common.problem.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A client that accepts {@code application/problem+json} reads JSON: it also gets the JSON answers of the routes.
 * Clients generated from /openapi.json send only the problem type for operations whose success has no body (a DELETE's
 * 204), and the resources' {@code @Produces(application/json)} would otherwise refuse them with 406 (PublishedApiIT).
 */
public class ProblemAccept {

    @ServerRequestFilter(preMatching = true)
    public void acceptJsonWithProblems(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept != null && accept.contains(Problem.MEDIA_TYPE) && !accept.contains("application/json")
                && !accept.contains("*/*")) {
            request.getHeaders().putSingle(HttpHeaders.ACCEPT, accept + ", application/json;q=0.9");
        }
    }
}
