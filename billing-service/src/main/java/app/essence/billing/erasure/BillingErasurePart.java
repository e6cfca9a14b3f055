package app.essence.billing.erasure;

import app.essence.common.erasure.ErasurePart;
import app.essence.common.events.BillingEvents.UserBillingErased;
import app.essence.common.outbox.Outbox;
import app.essence.common.reactive.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * billing-service's part of an erasure: done once the user has no subscription row and Stripe confirmed the end of
 * everything of theirs there (no customer deletion or cancellation left, dead ones included: those wait for an
 * operator) and no Stripe event of their customer is kept. Completing it emits UserBillingErased (docs/erasure.md).
 */
@ApplicationScoped
public class BillingErasurePart implements ErasurePart {
    private static final String LEFT = "select (select count(*) from subscriptions where user_id = :user) "
            + "+ (select count(*) from stripe_customer_deletions where user_id = :user) "
            + "+ (select count(*) from stripe_cancellations where user_id = :user) "
            + "+ (select count(*) from stripe_pending_events p join stripe_customer_deletions d "
            + "on d.customer_id = p.customer_id where d.user_id = :user)";

    private final Outbox outbox;

    public BillingErasurePart(Outbox outbox) {
        this.outbox = outbox;
    }

    @Override
    public Uni<Long> remaining(UUID userId) {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session, LEFT, Long.class)
                .setParameter("user", userId).getSingleResult());
    }

    @Override
    public Uni<Void> complete(UUID userId, Instant at) {
        return outbox.add(new UserBillingErased(userId, at));
    }
}
