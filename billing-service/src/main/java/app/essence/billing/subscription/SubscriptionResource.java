package app.essence.billing.subscription;

import app.essence.common.identity.CallerContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/subscription")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "billing", description = "Plans, the caller's subscription, Stripe checkout and portal")
public class SubscriptionResource {
    private final SubscriptionService subscriptions;
    private final CallerContext caller;

    public SubscriptionResource(SubscriptionService subscriptions, CallerContext caller) {
        this.subscriptions = subscriptions;
        this.caller = caller;
    }

    @GET
    @Operation(summary = "The caller's plan and subscription status (free and active when there is none)")
    public Uni<SubscriptionView> get() {
        return subscriptions.of(caller.caller());
    }
}
