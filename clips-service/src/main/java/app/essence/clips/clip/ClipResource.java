package app.essence.clips.clip;

import app.essence.common.identity.Caller;
import app.essence.common.identity.CallerContext;
import app.essence.common.storage.ByteRange;
import app.essence.common.storage.RangedDownload;
import app.essence.common.storage.StorageClient;
import app.essence.common.storage.UploadGate;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/profiles/{id}/clips")
@Authenticated
@Blocking
@Tag(name = "clips", description = "The 25 recorded prompts a voice is trained from")
public class ClipResource {
    private final ClipService clips;
    private final StorageClient storage;
    private final CallerContext caller;
    private final UploadGate uploads;

    public ClipResource(ClipService clips, StorageClient storage, CallerContext caller, UploadGate uploads) {
        this.clips = clips;
        this.storage = storage;
        this.caller = caller;
        this.uploads = uploads;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Every prompt of the script, in order, with its clip where recorded")
    public ClipList list(@PathParam("id") UUID id) {
        return clips.list(caller.caller(), caller.rawToken(), id);
    }

    @PUT
    @Path("/{promptIndex}")
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Record or re-record a prompt: WebM/Opus, Ogg, WAV, MP3 or M4A (by its bytes), 10 MB at most")
    public Response upload(@PathParam("id") UUID id, @PathParam("promptIndex") String promptIndex, InputStream body,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength) throws IOException {
        ClipService.Recorded recorded;
        // One read of the token's claims for the gate and the use case.
        Caller signedIn = caller.caller();
        try (UploadGate.Slot slot = uploads.admit(signedIn.userId())) {
            recorded = clips.upload(signedIn, caller.rawToken(), id, promptIndex, uploads.paced(body), contentLength);
        }
        return (recorded.created()
                ? Response.created(URI.create("/v1/profiles/" + id + "/clips/" + recorded.clip().promptIndex()))
                : Response.ok())
                .entity(recorded.clip()).type(MediaType.APPLICATION_JSON).build();
    }

    @GET
    @Path("/{promptIndex}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One recorded clip")
    public ClipView get(@PathParam("id") UUID id, @PathParam("promptIndex") String promptIndex) {
        return clips.get(caller.caller(), caller.rawToken(), id, promptIndex);
    }

    @GET
    @Path("/{promptIndex}/audio")
    @Produces({ "audio/*", MediaType.APPLICATION_JSON })
    @Operation(summary = "The clip's audio; a single HTTP Range is honoured (206)")
    public Response audio(@PathParam("id") UUID id, @PathParam("promptIndex") String promptIndex,
            @HeaderParam("Range") String range) throws IOException {
        ClipService.Audio audio = clips.audio(caller.caller(), caller.rawToken(), id, promptIndex);
        return RangedDownload.of(storage, audio.stored(), audio.mimeType(), range);
    }

    // HEAD belongs to GET's contract (RFC 9110) and is no published operation of its own (as messages-service's
    // playback). Left to GET, it would redirect to a URL signed for GET, which S3 refuses to a HEAD.
    @HEAD
    @Path("/{promptIndex}/audio")
    @Produces({ "audio/*", MediaType.APPLICATION_JSON })
    @Operation(hidden = true, summary = "The headers GET would answer")
    public Response audioHead(@PathParam("id") UUID id, @PathParam("promptIndex") String promptIndex,
            @HeaderParam("Range") String range) throws IOException {
        ClipService.Audio audio = clips.audio(caller.caller(), caller.rawToken(), id, promptIndex);
        return RangedDownload.head(storage, audio.stored(), audio.mimeType(),
                ByteRange.parse(range, audio.stored().sizeBytes()), Optional.empty()).build();
    }

    @DELETE
    @Path("/{promptIndex}")
    @Operation(summary = "Remove a recorded clip and its audio")
    public Response delete(@PathParam("id") UUID id, @PathParam("promptIndex") String promptIndex) {
        clips.delete(caller.caller(), caller.rawToken(), id, promptIndex);
        return Response.noContent().build();
    }
}
