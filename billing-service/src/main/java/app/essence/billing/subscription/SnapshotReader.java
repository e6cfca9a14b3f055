package app.essence.billing.subscription;

import app.essence.billing.plan.PriceCatalogue;
import app.essence.common.plans.Plan;
import app.essence.common.plans.SubscriptionStatus;
import com.stripe.model.Subscription;
import com.stripe.model.SubscriptionItem;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Reads what a Stripe subscription means for its user (docs/billing.md, "Status mapping"): {@code active},
 * {@code trialing} and {@code past_due} grant the plan of the item's price as they are; {@code canceled},
 * {@code unpaid} and {@code incomplete_expired} are {@code canceled}; {@code incomplete} and {@code paused} grant
 * nothing (free and active). The period end is the item's (API 2026-07-29.dahlia keeps it there).
 */
@ApplicationScoped
public class SnapshotReader {
    private static final Logger LOG = Logger.getLogger(SnapshotReader.class);

    private final PriceCatalogue prices;

    public SnapshotReader(PriceCatalogue prices) {
        this.prices = prices;
    }

    public StripeSnapshot read(Subscription subscription, Instant asOf) {
        SubscriptionItem item = subscription.getItems() == null || subscription.getItems().getData() == null
                || subscription.getItems().getData().isEmpty() ? null : subscription.getItems().getData().get(0);
        String priceId = item == null || item.getPrice() == null ? null : item.getPrice().getId();
        Instant periodEnd = item == null || item.getCurrentPeriodEnd() == null ? null
                : Instant.ofEpochSecond(item.getCurrentPeriodEnd());
        boolean cancelAtPeriodEnd = Boolean.TRUE.equals(subscription.getCancelAtPeriodEnd());
        String stripeStatus = String.valueOf(subscription.getStatus());
        Optional<Plan> plan = prices.planOf(priceId);
        if (plan.isEmpty() && priceId != null) {
            // Never guessed: a price we do not sell grants nothing, and says so for an operator to fix.
            LOG.errorf("subscription %s has price %s, which no plan is configured for (essence.billing.prices.*)",
                    subscription.getId(), priceId);
        }
        SubscriptionTerms terms = switch (stripeStatus) {
            case "active", "trialing", "past_due" -> plan
                    .map(p -> new SubscriptionTerms(p.code(), stripeStatus, periodEnd, cancelAtPeriodEnd))
                    .orElse(SubscriptionTerms.FREE);
            case "canceled", "unpaid", "incomplete_expired" -> new SubscriptionTerms(plan.orElse(Plan.FREE).code(),
                    SubscriptionStatus.CANCELED.code(), periodEnd, cancelAtPeriodEnd);
            default -> SubscriptionTerms.FREE;
        };
        return new StripeSnapshot(subscription.getId(), subscription.getCustomer(), priceId,
                userIdIn(subscription.getMetadata()), terms, asOf, rank(stripeStatus));
    }

    /** The user our checkout wrote into the subscription's metadata, if it is there and is a user id. */
    public static Optional<UUID> userIdIn(Map<String, String> metadata) {
        String value = metadata == null ? null : metadata.get("user_id");
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** How far along its lifecycle a subscription in this Stripe status is; a cancelled one is final. */
    static int rank(String stripeStatus) {
        return switch (stripeStatus) {
            case "incomplete" -> 0;
            case "trialing" -> 1;
            case "canceled", "incomplete_expired" -> StripeSnapshot.TERMINAL_RANK;
            default -> 2;
        };
    }
}
