package app.essence.profiles.avatar;

import app.essence.common.identity.CallerContext;
import app.essence.common.storage.UploadGate;
import app.essence.profiles.profile.ProfileView;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
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
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/profiles/{id}/avatar")
@Authenticated
@Blocking
@Tag(name = "avatars", description = "A profile's picture")
public class AvatarResource {
    private final AvatarService avatars;
    private final CallerContext caller;
    private final UploadGate uploads;

    public AvatarResource(AvatarService avatars, CallerContext caller, UploadGate uploads) {
        this.avatars = avatars;
        this.caller = caller;
        this.uploads = uploads;
    }

    @PUT
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Upload the picture: PNG, JPEG or WebP (by its bytes), at most 5 MB")
    public ProfileView upload(@PathParam("id") UUID id, InputStream body,
            @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long contentLength) throws IOException {
        try (UploadGate.Slot slot = uploads.admit(caller.caller().userId())) {
            return avatars.upload(caller.caller(), id, uploads.paced(body), contentLength);
        }
    }

    @GET
    @Produces({ "image/png", "image/jpeg", "image/webp", MediaType.APPLICATION_JSON })
    @Operation(summary = "The picture's bytes")
    public Response get(@PathParam("id") UUID id) throws IOException {
        AvatarService.Avatar avatar = avatars.open(caller.caller(), id);
        return Response.ok(avatar.content(), avatar.mimeType())
                .header(HttpHeaders.CONTENT_LENGTH, avatar.sizeBytes())
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=60")
                .build();
    }

    @DELETE
    @Operation(summary = "Remove the picture")
    public Response delete(@PathParam("id") UUID id) {
        avatars.remove(caller.caller(), id);
        return Response.noContent().build();
    }
}
