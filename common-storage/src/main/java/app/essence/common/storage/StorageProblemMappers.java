package app.essence.common.storage;

import app.essence.common.problem.ProblemMappers;
import app.essence.common.problem.ProblemType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * The problems for a range, an upload slot or an upload's rate; the other failures are common-lib's
 * {@link ProblemMappers}.
 */
public class StorageProblemMappers {

    @ServerExceptionMapper
    public Response rangeNotSatisfiable(ByteRange.Unsatisfiable e, UriInfo uri) {
        return Response.fromResponse(ProblemMappers.answer(ProblemType.RANGE_NOT_SATISFIABLE, e.getMessage(), uri))
                .header("Content-Range", e.contentRange()).build();
    }

    /** One user's uploads at their limit: the client retries once one of them has ended. */
    @ServerExceptionMapper
    public Response tooManyUploads(UploadGate.TooManyUploads e, UriInfo uri) {
        return Response.fromResponse(ProblemMappers.answer(ProblemType.TOO_MANY_REQUESTS, e.getMessage(), uri))
                .header("Retry-After", "1").build();
    }

    /** A body slower than the minimum rate: the rest of it is not read, so the connection closes. */
    @ServerExceptionMapper
    public Response tooSlow(UploadGate.TooSlow e, UriInfo uri) {
        return Response.fromResponse(ProblemMappers.answer(ProblemType.REQUEST_TIMEOUT, e.getMessage(), uri))
                .header("Connection", "close").build();
    }
}
