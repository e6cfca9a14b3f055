package app.essence.messages.message;

import app.essence.common.identity.CallerContext;
import app.essence.common.paging.Page;
import app.essence.common.paging.PageRequest;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/profiles/{id}/messages")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "messages", description = "Legacy messages, spoken in a profile's preserved voice")
public class ProfileMessagesResource {
    private final MessageService messages;
    private final CallerContext caller;

    public ProfileMessagesResource(MessageService messages, CallerContext caller) {
        this.messages = messages;
        this.caller = caller;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Write a message: title, category, prompt_text required; answers a draft with its text")
    public Response create(@PathParam("id") UUID id,
            @NotNull(message = "a JSON body is required") @Valid MessageFields fields) {
        MessageView view = messages.create(caller.caller(), caller.rawToken(), id, fields);
        return Response.created(URI.create("/v1/messages/" + view.id())).entity(view).build();
    }

    @GET
    @Operation(summary = "The profile's messages, newest first, paged; filter by status and category")
    public Page<MessageView> list(@PathParam("id") UUID id, @QueryParam("limit") Integer limit,
            @QueryParam("cursor") String cursor, @QueryParam("status") String status,
            @QueryParam("category") String category) {
        return messages.list(caller.caller(), caller.rawToken(), id, status, category,
                PageRequest.of(limit, cursor));
    }
}
