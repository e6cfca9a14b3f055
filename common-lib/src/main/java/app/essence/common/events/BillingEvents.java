package app.essence.common.events;

import java.time.Instant;
import java.util.UUID;

/** Events published by billing-service on {@code essence.billing}, keyed by user. */
public final class BillingEvents {
    private BillingEvents() {
    }

    public record SubscriptionChanged(UUID userId, String plan, String status, Instant currentPeriodEnd,
            boolean cancelAtPeriodEnd, Instant occurredAt) implements EssenceEvent {
        public UUID aggregateId() {
            return userId;
        }
    }
}
