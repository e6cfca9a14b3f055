package app.essence.common.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Maps every failure of a REST call to an RFC 9457 problem, once for all services. Never a stack trace. The failures
 * of storage and of fault tolerance are mapped where they are, in common-storage and common-clients, through
 * {@link #answer(ProblemType, String, UriInfo)}.
 */
public class ProblemMappers {
    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException e, UriInfo uri) {
        return answer(e, uri);
    }

    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException e, UriInfo uri) {
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .toList();
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(ProblemType.VALIDATION, detail, errors, uri);
    }

    // Quarkus maps MismatchedInputException itself unless a mapper as specific as its own exists.
    @ServerExceptionMapper
    public Response mismatched(MismatchedInputException e, UriInfo uri) {
        return json(e, uri);
    }

    /** A JSON body Jackson refused: its problem names the field, for a wrong type, a duplicate, a number out of range. */
    @ServerExceptionMapper
    public Response json(JsonProcessingException e, UriInfo uri) {
        JsonReadFailure failure = JsonReadFailure.of(e);
        return respond(failure.type(), failure.detail(), failure.errors(), uri);
    }

    @ServerExceptionMapper({ AuthenticationFailedException.class, UnauthorizedException.class })
    public Response unauthenticated(RuntimeException e, UriInfo uri) {
        return Response.fromResponse(respond(ProblemType.UNAUTHENTICATED,
                "the bearer token is missing, invalid or expired", null, uri))
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, UriInfo uri) {
        return respond(ProblemType.FORBIDDEN, "this operation needs an operator token", null, uri);
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e, UriInfo uri) {
        // The JSON reader wraps what Jackson threw: answer as for Jackson's own exception.
        if (e.getCause() instanceof JsonProcessingException cause) {
            return json(cause, uri);
        }
        int status = e.getResponse().getStatus();
        if (status < 400) {
            return e.getResponse();
        }
        ProblemType type = ProblemType.forStatus(status);
        // Our sentence, not the exception's text (which may name a class, a host or a port).
        String detail = status == 404 ? "no resource at " + uri.getPath()
                : type.status() == status ? type.title() : "the request could not be completed";
        Problem problem = new Problem(type.uri(), type.title(), status, detail, uri.getPath(), null);
        // Keeps what the original answer must carry, such as Allow on a 405.
        return Response.fromResponse(e.getResponse()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, UriInfo uri) {
        LOG.errorf(e, "unexpected failure on %s", uri.getPath());
        return respond(ProblemType.INTERNAL, "the request could not be completed", null, uri);
    }

    /** The problem answer of {@code type}, saying {@code detail}. */
    public static Response answer(ProblemType type, String detail, UriInfo uri) {
        return respond(type, detail, null, uri);
    }

    private static Response respond(ProblemType type, String detail, List<Problem.FieldError> errors, UriInfo uri) {
        return answer(new ProblemException(type, detail, errors), uri);
    }

    private static Response answer(ProblemException e, UriInfo uri) {
        Problem problem = new Problem(e.type().uri(), e.type().title(), e.type().status(), e.getMessage(),
                uri.getPath(), e.errors(), e.requiredPlan());
        return Response.status(e.type().status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private static String fieldName(ConstraintViolation<?> violation) {
        String last = null;
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getName() != null) {
                last = node.getName();
            }
        }
        return last == null ? "body" : snakeCase(last);
    }

    static String snakeCase(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase();
    }
}
