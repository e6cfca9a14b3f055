package app.essence.common.ownership;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
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

/** profiles-service's public API, called with the caller's own token: it answers only the caller's profiles. */
@RegisterRestClient(configKey = "profiles")
@Path("/v1/profiles")
@Produces(MediaType.APPLICATION_JSON)
public interface ProfilesClient {

    @GET
    @Path("/{id}")
    Uni<ProfileRef> get(@PathParam("id") UUID id, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization);

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ProfileRef(UUID id, UUID userId) {
    }
}
