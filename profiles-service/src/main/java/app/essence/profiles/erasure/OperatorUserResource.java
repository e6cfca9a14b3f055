package app.essence.profiles.erasure;

import app.essence.common.identity.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Account erasure for operators and for the Edge Function a Supabase user deletion calls (a {@code service_role}
 * token; a user token is refused with 403): the same erasure as {@code DELETE /v1/me} (docs/erasure.md).
 */
@Path("/v1/operator/users/{id}")
@RolesAllowed(Caller.SERVICE_ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operator", description = "Operator-only routes")
public class OperatorUserResource {
    private final ErasureService erasures;

    public OperatorUserResource(ErasureService erasures) {
        this.erasures = erasures;
    }

    @DELETE
    @Operation(summary = "Erase the user's account everywhere (202; asking again changes nothing)")
    public Uni<Response> erase(@PathParam("id") UUID id) {
        return erasures.request(id).map(view -> Response.accepted(view)
                .location(URI.create("/v1/operator/users/" + id + "/erasure")).build());
    }

    @GET
    @Path("/erasure")
    @Operation(summary = "How far the user's erasure is, per service")
    public Uni<ErasureView> status(@PathParam("id") UUID id) {
        return erasures.status(id);
    }
}
