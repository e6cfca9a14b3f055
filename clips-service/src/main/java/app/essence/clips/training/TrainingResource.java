package app.essence.clips.training;

import app.essence.common.identity.CallerContext;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/profiles/{id}/training")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "training", description = "Turning the 25 clips into a voice")
public class TrainingResource {
    private final TrainingService training;
    private final CallerContext caller;

    public TrainingResource(TrainingService training, CallerContext caller) {
        this.training = training;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start training the voice: needs consent, all 25 clips and enough usable speech (202)")
    public Response start(@PathParam("id") UUID id,
            @NotNull(message = "a JSON body is required") @Valid TrainingRequest request) {
        TrainingView view = training.start(caller.caller(), caller.rawToken(), id, request);
        return Response.accepted(view).location(URI.create("/v1/profiles/" + id + "/training")).build();
    }

    @GET
    @Operation(summary = "The latest training: state, provider calls, last error")
    public TrainingView status(@PathParam("id") UUID id) {
        return training.status(caller.caller(), caller.rawToken(), id);
    }
}
