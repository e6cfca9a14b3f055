package app.essence.profiles.me;

import app.essence.common.identity.CallerContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.validation.constraints.NotNull;
import app.essence.profiles.erasure.ErasureService;
import app.essence.profiles.erasure.ErasureView;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/me")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "me", description = "The caller's own account")
public class MeResource {
    private final MeService me;
    private final MePatcher patcher;
    private final ErasureService erasures;
    private final CallerContext caller;

    public MeResource(MeService me, MePatcher patcher, ErasureService erasures, CallerContext caller) {
        this.me = me;
        this.patcher = patcher;
        this.erasures = erasures;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The caller's account")
    public Uni<MeView> get() {
        return me.get(caller.caller());
    }

    @PATCH
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    @Operation(summary = "Change the caller's display name")
    public Uni<MeView> update(@NotNull(message = "a JSON object is required") ObjectNode patch) {
        return me.update(caller.caller(), patcher.fields(patch));
    }

    @DELETE
    @Operation(summary = "Erase the caller's account everywhere (202; asking again changes nothing)")
    public Uni<Response> erase() {
        return erasures.request(caller.caller().userId()).map(view -> Response.accepted(view)
                .location(URI.create("/v1/me/erasure")).build());
    }

    @GET
    @Path("/erasure")
    @Operation(summary = "How far the caller's account erasure is, per service")
    public Uni<ErasureView> erasure() {
        return erasures.status(caller.caller().userId());
    }
}
