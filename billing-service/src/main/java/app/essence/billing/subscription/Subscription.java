package app.essence.billing.subscription;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * A user's plan and its Stripe linkage (docs/data-model.md §5). Written only by {@link SubscriptionLedger}, from
 * what Stripe says; no request of the user's sets any of it.
 */
@Entity
@Table(name = "subscriptions")
public class Subscription extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public UUID userId;

    /** The code of a common-lib {@code Plan}. */
    public String plan;

    /** The code of a common-lib {@code SubscriptionStatus}. */
    public String status;

    @Column(name = "current_period_end")
    public Instant currentPeriodEnd;

    @Column(name = "cancel_at_period_end", nullable = false)
    public boolean cancelAtPeriodEnd;

    @Column(name = "stripe_customer_id")
    public String stripeCustomerId;

    @Column(name = "stripe_subscription_id")
    public String stripeSubscriptionId;

    @Column(name = "stripe_price_id")
    public String stripePriceId;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "stripe_state_as_of")
    public Instant stripeStateAsOf;

    @Column(name = "stripe_state_rank", nullable = false)
    public short stripeStateRank;

    public SubscriptionTerms terms() {
        return new SubscriptionTerms(plan, status, currentPeriodEnd, cancelAtPeriodEnd);
    }
}
