package app.essence.common.bulkhead;

import app.essence.common.problem.ProblemMappers;
import app.essence.common.problem.ProblemType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The problem for a full {@code @Bulkhead}; the other failures are common-lib's {@link ProblemMappers}. */
public class BulkheadProblemMapper {

    /** A bulkhead full of calls (too many uploads at once): shed the load, the client retries shortly. */
    @ServerExceptionMapper
    public Response busy(BulkheadException e, UriInfo uri) {
        return Response.fromResponse(ProblemMappers.answer(ProblemType.UNAVAILABLE,
                "too many requests of this kind are in progress; try again in a moment", uri))
                .header("Retry-After", "1").build();
    }
}
