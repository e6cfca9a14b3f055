package app.essence.common.inbox;

import app.essence.common.identity.Caller;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Operators re-deliver a service's dead letters after fixing their cause ({@code ./essence replay SERVICE}). */
@Path("/v1/operator/dead-letters")
@RolesAllowed(Caller.SERVICE_ROLE)
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operator", description = "Operator-only routes")
public class DeadLetterResource {
    private final DeadLetterReplay replay;

    public DeadLetterResource(DeadLetterReplay replay) {
        this.replay = replay;
    }

    /** Blocking (it reads the topic and waits for each event): runs on a worker thread. */
    @POST
    @Path("/replay")
    @Operation(summary = "Re-delivers the events this service dead-lettered since the last replay")
    public DeadLetterReplay.Report replay() {
        return replay.replay();
    }
}
