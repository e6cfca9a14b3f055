package app.essence.billing.webhook;

import app.essence.billing.subscription.StripeSnapshot;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What one verified Stripe event tells: whose it may be (the user id in the metadata our checkout wrote, the
 * customer, the checkout session's {@code client_reference_id}) and, if it says, the state of the subscription.
 * {@code keptNow} holds, by subscription id, what Stripe said just now of the subscriptions of the customer's kept
 * events (empty: Stripe no longer has it); a subscription not in it was not read, and its kept event decides.
 */
public record StripeNotice(String eventId, String type, Instant created, String customerId,
        Optional<UUID> userFromMetadata, Optional<UUID> clientReference, Optional<StripeSnapshot> snapshot,
        String payload, Map<String, Optional<StripeSnapshot>> keptNow) {
    public StripeNotice(String eventId, String type, Instant created, String customerId,
            Optional<UUID> userFromMetadata, Optional<UUID> clientReference, Optional<StripeSnapshot> snapshot,
            String payload) {
        this(eventId, type, created, customerId, userFromMetadata, clientReference, snapshot, payload, Map.of());
    }

    public StripeNotice withKeptNow(Map<String, Optional<StripeSnapshot>> now) {
        return new StripeNotice(eventId, type, created, customerId, userFromMetadata, clientReference, snapshot,
                payload, now);
    }
}
