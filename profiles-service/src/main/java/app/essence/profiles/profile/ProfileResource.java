package app.essence.profiles.profile;

import app.essence.common.identity.CallerContext;
import app.essence.profiles.avatar.AvatarFiles;
import app.essence.common.paging.Page;
import app.essence.common.paging.PageRequest;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/profiles")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "profiles", description = "Voice identities being preserved")
public class ProfileResource {
    private final ProfileService profiles;
    private final AvatarFiles avatarFiles;
    private final CallerContext caller;

    public ProfileResource(ProfileService profiles, AvatarFiles avatarFiles, CallerContext caller) {
        this.profiles = profiles;
        this.avatarFiles = avatarFiles;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The caller's profiles, oldest first, paged")
    public Uni<Page<ProfileView>> list(@QueryParam("limit") Integer limit, @QueryParam("cursor") String cursor) {
        return profiles.list(caller.caller(), PageRequest.of(limit, cursor));
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a profile: name and relation required, notes optional")
    public Uni<Response> create(@NotNull(message = "a JSON body is required") @Valid ProfileFields fields) {
        return profiles.create(caller.caller(), fields)
                .map(view -> Response.created(URI.create("/v1/profiles/" + view.id())).entity(view).build());
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "One of the caller's profiles")
    public Uni<ProfileView> get(@PathParam("id") UUID id) {
        return profiles.get(caller.caller(), id);
    }

    @PATCH
    @Path("/{id}")
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    @Operation(summary = "Change name, relation or notes; any other field is refused")
    public Uni<ProfileView> update(@PathParam("id") UUID id,
            @NotNull(message = "a JSON object is required") ObjectNode patch) {
        return profiles.update(caller.caller(), id, patch);
    }

    @DELETE
    @Path("/{id}")
    @Operation(summary = "Delete a profile, its clips, messages, avatar and voice")
    public Uni<Response> delete(@PathParam("id") UUID id) {
        return profiles.delete(caller.caller(), id)
                .call(avatarFiles::removeNow)
                .replaceWith(Response.noContent().build());
    }
}
