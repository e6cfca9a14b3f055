package app.essence.messages.message;

import app.essence.common.identity.CallerContext;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/messages/{id}")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages", description = "Legacy messages, spoken in a profile's preserved voice")
public class MessageResource {
    private final MessageService messages;
    private final CallerContext caller;

    public MessageResource(MessageService messages, CallerContext caller) {
        this.messages = messages;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "One of the caller's messages")
    public MessageView get(@PathParam("id") UUID id) {
        return messages.get(caller.caller(), id);
    }

    @PATCH
    @Consumes({ MediaType.APPLICATION_JSON, "application/merge-patch+json" })
    @Operation(summary = "Change title, category, labels, prompt_text or generated_text while a draft or failed")
    public MessageView update(@PathParam("id") UUID id,
            @NotNull(message = "a JSON object is required") ObjectNode patch) {
        return messages.update(caller.caller(), id, patch);
    }

    @DELETE
    @Operation(summary = "Delete a message and its audio")
    public Response delete(@PathParam("id") UUID id) {
        messages.delete(caller.caller(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/rewrite")
    @Operation(summary = "Write generated_text again from the (possibly edited) prompt_text; drafts only")
    public MessageView rewrite(@PathParam("id") UUID id) {
        return messages.rewrite(caller.caller(), id);
    }
}
