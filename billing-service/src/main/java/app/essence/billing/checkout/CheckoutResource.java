package app.essence.billing.checkout;

import app.essence.common.identity.CallerContext;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/v1/billing")
@Authenticated
@Blocking
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "billing", description = "Plans, the caller's subscription, Stripe checkout and portal")
public class CheckoutResource {
    private final CheckoutService checkout;
    private final CallerContext caller;

    public CheckoutResource(CheckoutService checkout, CallerContext caller) {
        this.checkout = checkout;
        this.caller = caller;
    }

    @POST
    @Path("/checkout")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "A Stripe Checkout page to buy a plan: {\"plan\": \"essential\"} answers {\"url\": …}")
    public BillingLink checkout(@NotNull(message = "a JSON body is required") @Valid CheckoutRequest request) {
        return checkout.checkout(caller.caller(), request);
    }

    @POST
    @Path("/portal")
    @Operation(summary = "A Stripe customer portal page to manage or cancel the subscription: {\"url\": …}")
    public BillingLink portal() {
        return checkout.portal(caller.caller());
    }
}
