package app.essence.billing.webhook;

import app.essence.billing.subscription.SnapshotReader;
import app.essence.billing.subscription.StripeCancellations;
import app.essence.billing.subscription.StripeSnapshot;
import app.essence.billing.subscription.SubscriptionLedger;
import app.essence.billing.webhook.StripeWebhook.Outcome;
import app.essence.common.reactive.NativeSelects;
import com.stripe.model.Event;
import com.stripe.model.Subscription;
import com.stripe.net.Webhook;
import app.essence.common.rowsecurity.RowSecurity;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Applies a Stripe event in one transaction with the record of its id: a redelivery changes nothing. The user is
 * the one in the metadata, else the customer's, else the checkout session's {@code client_reference_id}; an event
 * of a customer nobody is known for yet is kept and applied, in Stripe's order, once the customer is linked.
 */
@ApplicationScoped
public class NoticeApplier {
    private static final Logger LOG = Logger.getLogger(NoticeApplier.class);
    /**
     * One customer's events one at a time: an event kept for an unknown customer is committed before, or seen by,
     * the event that makes the customer known (else it could stay kept until the customer's next event).
     */
    private static final String LOCK_CUSTOMER = "select count(*) from (select pg_advisory_xact_lock("
            + "hashtext('stripe-customer:' || :customer))) locked";

    private final StripeEventLog log;
    private final SubscriptionLedger ledger;
    private final SnapshotReader reader;
    private final StripeCancellations cancellations;

    public NoticeApplier(StripeEventLog log, SubscriptionLedger ledger, SnapshotReader reader,
            StripeCancellations cancellations) {
        this.log = log;
        this.ledger = ledger;
        this.reader = reader;
        this.cancellations = cancellations;
    }

    public Uni<Outcome> apply(StripeNotice notice) {
        // Stripe's events name customers, not callers: the user is found from the customer (docs/billing.md).
        return RowSecurity.inSystemTransaction("stripe webhook", () -> log.firstSighting(notice)
                .flatMap(first -> first ? applyFirst(notice) : Uni.createFrom().item(Outcome.DUPLICATE)));
    }

    private Uni<Outcome> applyFirst(StripeNotice notice) {
        return lockCustomer(notice.customerId()).chain(() -> userOf(notice)).flatMap(user -> {
            if (user.isEmpty()) {
                if (notice.customerId() == null) {
                    LOG.warnf("Stripe event %s names no customer and no user: nothing to apply", notice.eventId());
                    return Uni.createFrom().item(Outcome.IGNORED);
                }
                return log.keepPending(notice).map(kept -> {
                    if (!kept) {
                        LOG.infof("Stripe event %s names an erased user's customer: not kept", notice.eventId());
                    }
                    return kept ? Outcome.PENDING : Outcome.IGNORED;
                });
            }
            UUID userId = user.get();
            return ledger.erased(userId).flatMap(erased -> erased ? endForErased(userId, notice)
                    : ledger.linkCustomer(userId, notice.customerId())
                            .chain(() -> notice.snapshot().map(s -> ledger.apply(userId, s).replaceWithVoid())
                                    .orElseGet(() -> Uni.createFrom().voidItem()))
                            .chain(() -> applyPending(userId, notice))
                            .replaceWith(Outcome.APPLIED));
        });
    }

    /**
     * Nothing of an erased user is kept again; but a subscription of theirs that is not over (its event came after
     * the erasure, or was kept then) must not go on billing: their customer is scheduled for deletion, which ends
     * every subscription of theirs.
     */
    private Uni<Outcome> endForErased(UUID userId, StripeNotice notice) {
        boolean over = notice.snapshot().map(StripeSnapshot::terminal).orElse(false);
        if (over || notice.customerId() == null) {
            return Uni.createFrom().item(Outcome.IGNORED);
        }
        return ledger.userOfCustomer(notice.customerId()).flatMap(holder -> {
            if (holder.isPresent() && !holder.get().equals(userId)) {
                LOG.errorf("Stripe event %s names erased user %s and customer %s, which is user %s's: not deleted",
                        notice.eventId(), userId, notice.customerId(), holder.get());
                return Uni.createFrom().item(Outcome.IGNORED);
            }
            LOG.infof("Stripe event %s: erased user %s may still be billed; customer %s scheduled for deletion",
                    notice.eventId(), userId, notice.customerId());
            return cancellations.scheduleCustomer(notice.customerId(), userId).replaceWith(Outcome.IGNORED);
        });
    }

    private static Uni<Void> lockCustomer(String customerId) {
        if (customerId == null) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> NativeSelects.create(session, LOCK_CUSTOMER, Long.class)
                .setParameter("customer", customerId).getSingleResult()).replaceWithVoid();
    }

    private Uni<Optional<UUID>> userOf(StripeNotice notice) {
        if (notice.userFromMetadata().isPresent()) {
            return Uni.createFrom().item(notice.userFromMetadata());
        }
        return ledger.userOfCustomer(notice.customerId()).map(user -> user.or(notice::clientReference));
    }

    /** The events kept for this customer, now that its user is known, applied in the order Stripe made them. */
    private Uni<Void> applyPending(UUID userId, StripeNotice notice) {
        String customerId = notice.customerId();
        if (customerId == null) {
            return Uni.createFrom().voidItem();
        }
        return log.takePending(customerId).flatMap(payloads -> Multi.createFrom().iterable(payloads)
                .onItem().transformToUniAndConcatenate(payload -> applyKept(userId, payload, notice.keptNow()))
                .collect().last().replaceWithVoid());
    }

    private Uni<Void> applyKept(UUID userId, String payload, Map<String, Optional<StripeSnapshot>> keptNow) {
        // Verified when it arrived; an invoice or a checkout session carries no state of its own to apply.
        Event event = Webhook.constructEventWithoutVerification(payload);
        if (event.getDataObjectDeserializer().getObject().orElse(null) instanceof Subscription subscription) {
            LOG.infof("applying Stripe event %s kept until its customer %s was known", event.getId(),
                    subscription.getCustomer());
            Optional<StripeSnapshot> now = keptNow.get(subscription.getId());
            if (now != null) {
                // Read from Stripe just before: what Stripe holds now, not the kept (older) object.
                return now.map(snapshot -> ledger.apply(userId, snapshot).replaceWithVoid())
                        .orElseGet(() -> Uni.createFrom().voidItem());
            }
            return ledger.apply(userId, reader.read(subscription, Instant.ofEpochSecond(event.getCreated())))
                    .replaceWithVoid();
        }
        return Uni.createFrom().voidItem();
    }
}
