package app.essence.common.ownership;

import app.essence.common.ownership.ProfilesClient.ProfileRef;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** profiles-service's operator look-up, called with an operator ({@code service_role}) token: any user's profile. */
@RegisterRestClient(configKey = "profiles")
@Path("/v1/operator/profiles")
@Produces(MediaType.APPLICATION_JSON)
public interface OperatorProfilesClient {

    @GET
    @Path("/{id}")
    Uni<ProfileRef> get(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);
}
