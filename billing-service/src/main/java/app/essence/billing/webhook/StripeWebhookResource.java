package app.essence.billing.webhook;

import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Stripe's webhook: no bearer token, Stripe's signature instead. The body's size is checked from its headers before a
 * byte is read (common-lib BodyLimits) and while it is read (JsonBodyCap); it is taken as the exact text Stripe signed.
 */
@Path("/stripe/webhook")
@PermitAll
@Blocking
@Tag(name = "stripe", description = "Events from Stripe")
public class StripeWebhookResource {
    private final StripeWebhook webhook;

    public StripeWebhookResource(StripeWebhook webhook) {
        this.webhook = webhook;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A Stripe event, signed (Stripe-Signature); 2xx once applied, kept or known already")
    public Map<String, Object> receive(@HeaderParam("Stripe-Signature") String signature, String payload) {
        return Map.of("received", true, "outcome", webhook.receive(payload == null ? "" : payload, signature)
                .name().toLowerCase());
    }
}
