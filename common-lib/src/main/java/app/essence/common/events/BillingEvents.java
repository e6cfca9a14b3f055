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

    /**
     * billing-service's part of an erasure is done: the subscription row is gone and Stripe confirmed the customer's
     * deletion (docs/erasure.md). Ids only. Keyed by user, so compaction keeps it in place of the user's last plan.
     */
    public record UserBillingErased(UUID userId, Instant occurredAt) implements EssenceEvent {
        public UUID aggregateId() {
            return userId;
        }
    }
}
