package app.essence.clips.prompt;

import app.essence.common.paging.Page;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/prompts")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "prompts", description = "The recording script")
public class PromptResource {
    private final PromptScript script;

    public PromptResource(PromptScript script) {
        this.script = script;
    }

    @GET
    @Operation(summary = "The 25 prompts, in recording order (stage 1 warm-up, 2 expressive, 3 phonetically rich)")
    public Page<Prompt> list() {
        return new Page<>(script.all(), null);
    }
}
