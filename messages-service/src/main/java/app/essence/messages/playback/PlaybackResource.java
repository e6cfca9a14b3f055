package app.essence.messages.playback;

import app.essence.common.identity.CallerContext;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/messages/{id}/audio")
@Authenticated
@Blocking
@Tag(name = "messages", description = "Legacy messages, spoken in a profile's preserved voice")
public class PlaybackResource {
    private final Playback playback;
    private final CallerContext caller;

    public PlaybackResource(Playback playback, CallerContext caller) {
        this.playback = playback;
        this.caller = caller;
    }

    @GET
    @Produces({ "audio/mpeg", MediaType.APPLICATION_JSON })
    @Operation(summary = "The spoken message as MP3; a single HTTP Range is honoured (206), several are answered "
            + "whole (200); a listening from the start counts as a play (docs/messages.md); "
            + "download=true serves it as an attachment, on plans with audio download")
    public Response audio(@PathParam("id") UUID id, @HeaderParam("Range") String range,
            @QueryParam("download") @DefaultValue("false") boolean download) throws IOException {
        return playback.audio(caller.caller(), id, range, download, false);
    }

    // HEAD belongs to GET's contract (RFC 9110) and the route table lists GET only, so it is not a published
    // operation of its own (deploy-tests RouteAgreementTests); the gateway passes HEAD wherever it passes GET.
    @HEAD
    @Produces({ "audio/mpeg", MediaType.APPLICATION_JSON })
    @Operation(hidden = true, summary = "The headers GET would answer; never counts a play")
    public Response head(@PathParam("id") UUID id, @HeaderParam("Range") String range,
            @QueryParam("download") @DefaultValue("false") boolean download) throws IOException {
        return playback.audio(caller.caller(), id, range, download, true);
    }
}
