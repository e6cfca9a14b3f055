package app.essence.messages.synthesis;

import app.essence.common.identity.CallerContext;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
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

@Path("/v1/messages/{id}/synthesize")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages", description = "Legacy messages, spoken in a profile's preserved voice")
public class SynthesisResource {
    private final SynthesisService synthesis;
    private final CallerContext caller;

    public SynthesisResource(SynthesisService synthesis, CallerContext caller) {
        this.synthesis = synthesis;
        this.caller = caller;
    }

    @POST
    @Operation(summary = "Speak the message in the profile's voice (202, generating); needs a ready voice and the "
            + "plan's monthly allowance")
    public Response synthesize(@PathParam("id") UUID id) {
        SynthesisService.Started started = synthesis.start(caller.caller(), id);
        return Response.accepted(started.view()).location(URI.create("/v1/messages/" + id)).build();
    }
}
