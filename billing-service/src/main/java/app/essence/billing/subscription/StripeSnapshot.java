package app.essence.billing.subscription;

import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One Stripe subscription as Stripe described it at {@code asOf} (an event's {@code created}, or the moment it was
 * read from Stripe), with what it means for the user ({@code terms}). {@code rank} orders states of the same moment
 * along the subscription's lifecycle; a {@code terminal} one (cancelled) never comes back.
 */
public record StripeSnapshot(String subscriptionId, String customerId, String priceId, Optional<UUID> userId,
        SubscriptionTerms terms, Instant asOf, int rank) {
    /** The rank of a cancelled subscription, which Stripe never revives. */
    public static final int TERMINAL_RANK = 3;

    public boolean terminal() {
        return rank == TERMINAL_RANK;
    }
}
