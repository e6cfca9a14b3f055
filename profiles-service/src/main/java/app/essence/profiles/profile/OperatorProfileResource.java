package app.essence.profiles.profile;

import app.essence.common.identity.Caller;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Support look-ups for operators (a {@code service_role} token); a user token is refused with 403. */
@Path("/v1/operator/profiles")
@RolesAllowed(Caller.SERVICE_ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operator", description = "Operator-only routes")
public class OperatorProfileResource {
    private final ProfileService profiles;

    public OperatorProfileResource(ProfileService profiles) {
        this.profiles = profiles;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "Any profile, deleted ones included")
    public Uni<ProfileView> get(@PathParam("id") UUID id) {
        return profiles.getAnyForOperator(id);
    }
}
