package app.essence.billing.webhook;

import app.essence.billing.subscription.StripeSnapshot;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What one verified Stripe event tells: whose it may be (the user id in the metadata our checkout wrote, the
 * customer, the checkout session's {@code client_reference_id}) and, if it says, the state of the subscription.
 */
public record StripeNotice(String eventId, String type, Instant created, String customerId,
        Optional<UUID> userFromMetadata, Optional<UUID> clientReference, Optional<StripeSnapshot> snapshot,
        String payload) {
}
