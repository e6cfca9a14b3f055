package app.essence.billing.subscription;

import app.essence.common.events.BillingEvents.SubscriptionChanged;
import app.essence.common.erasure.ErasedUsers;
import app.essence.common.outbox.Outbox;
import app.essence.common.reactive.NativeSelects;
import app.essence.common.time.DbTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.util.Optional;
import java.util.UUID;

/**
 * The one writer of {@code subscriptions}. A Stripe state is applied only if it is newer than the one applied
 * before (docs/billing.md, "Order"), so a duplicate or a late event never rolls a subscription back; a change of
 * what the user holds is announced by SubscriptionChanged in the same transaction (outbox). Every method runs in
 * the caller's transaction.
 */
@ApplicationScoped
public class SubscriptionLedger {
    /** Never for an erased user: nothing of theirs is kept again. */
    private static final String ENSURE_ROW = "insert into subscriptions (id, user_id) "
            + "select cast(:id as uuid), cast(:user as uuid) where not exists "
            + "(select 1 from erased_users where user_id = :user) on conflict (user_id) do nothing";
    /**
     * One user's writes and their erasure one at a time: a write waiting here sees the erasure committed (and adds
     * no row), an erasure waiting here sees the row the write committed (and deletes it).
     */
    private static final String LOCK_USER = "select count(*) from (select pg_advisory_xact_lock("
            + "hashtext('billing-user:' || :user))) locked";

    private static final String REMEMBER_ENDED = "insert into stripe_ended_subscriptions (subscription_id) "
            + "values (:subscription) on conflict (subscription_id) do nothing";
    private static final String ENDED = "select count(*) from stripe_ended_subscriptions "
            + "where subscription_id = :subscription";

    private final Outbox outbox;
    private final ErasedUsers erasedUsers;

    public SubscriptionLedger(Outbox outbox, ErasedUsers erasedUsers) {
        this.outbox = outbox;
        this.erasedUsers = erasedUsers;
    }

    /**
     * The user's row (free and active if there was none), locked until the transaction ends; null for an erased
     * user, for whom no row is made.
     */
    public Uni<Subscription> lockedRowOf(UUID userId) {
        return lockUser(userId).chain(() -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery(ENSURE_ROW).setParameter("id", UUID.randomUUID())
                        .setParameter("user", userId).executeUpdate())
                .chain(() -> Subscription.<Subscription> find("userId", userId)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).firstResult());
    }

    private static Uni<Void> lockUser(UUID userId) {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session, LOCK_USER, Long.class)
                .setParameter("user", userId.toString()).getSingleResult()).replaceWithVoid();
    }

    /** The user whose row holds this Stripe customer. */
    public Uni<Optional<UUID>> userOfCustomer(String customerId) {
        if (customerId == null) {
            return Uni.createFrom().item(Optional.empty());
        }
        return Subscription.<Subscription> find("stripeCustomerId", customerId).firstResult()
                .map(row -> Optional.ofNullable(row).map(r -> r.userId));
    }

    /** Whether the user's account was erased; nothing is kept for such a user again. */
    public Uni<Boolean> erased(UUID userId) {
        return erasedUsers.isErased(userId);
    }

    /**
     * Makes the customer the user's, unless the user already has one (kept: Stripe's events name it). Null for an
     * erased user.
     */
    public Uni<Subscription> linkCustomer(UUID userId, String customerId) {
        return lockedRowOf(userId).invoke(row -> {
            if (row != null && row.stripeCustomerId == null && customerId != null) {
                row.stripeCustomerId = customerId;
                row.updatedAt = DbTime.nowAfter(row.updatedAt);
            }
        });
    }

    /** Applies the snapshot if it is newer than what the row holds; answers whether what the user holds changed. */
    public Uni<Boolean> apply(UUID userId, StripeSnapshot snapshot) {
        return endedBefore(snapshot).flatMap(revival -> revival ? Uni.createFrom().item(false)
                : applyNewer(userId, snapshot));
    }

    /**
     * Whether this is a not-ended state of a subscription known to have ended (a late event of it): Stripe never
     * revives one. An ended state is remembered here, whoever's row holds what.
     */
    private Uni<Boolean> endedBefore(StripeSnapshot snapshot) {
        if (snapshot.subscriptionId() == null) {
            return Uni.createFrom().item(false);
        }
        return Panache.getSession().flatMap(session -> snapshot.terminal()
                ? session.createNativeQuery(REMEMBER_ENDED).setParameter("subscription", snapshot.subscriptionId())
                        .executeUpdate().replaceWith(false)
                : NativeSelects.create(session, ENDED, Long.class)
                        .setParameter("subscription", snapshot.subscriptionId()).getSingleResult()
                        .map(count -> count > 0));
    }

    private Uni<Boolean> applyNewer(UUID userId, StripeSnapshot snapshot) {
        return lockedRowOf(userId).flatMap(row -> {
            if (row == null || !supersedes(row, snapshot)) {
                return Uni.createFrom().item(false);
            }
            SubscriptionTerms before = row.terms();
            SubscriptionTerms after = snapshot.terms();
            row.plan = after.plan();
            row.status = after.status();
            row.currentPeriodEnd = after.currentPeriodEnd();
            row.cancelAtPeriodEnd = after.cancelAtPeriodEnd();
            row.stripeSubscriptionId = snapshot.subscriptionId();
            row.stripePriceId = snapshot.priceId();
            if (snapshot.customerId() != null) {
                row.stripeCustomerId = snapshot.customerId();
            }
            row.stripeStateAsOf = snapshot.asOf();
            row.stripeStateRank = (short) snapshot.rank();
            // Strictly after the previous change: consumers keep the newest by this time.
            row.updatedAt = DbTime.nowAfter(row.updatedAt);
            if (before.equals(row.terms())) {
                return Uni.createFrom().item(false);
            }
            return outbox.add(new SubscriptionChanged(userId, row.plan, row.status, row.currentPeriodEnd,
                    row.cancelAtPeriodEnd, row.updatedAt)).replaceWith(true);
        });
    }

    /** What an erased user may still have running at Stripe: their customer, else a subscription of theirs. */
    public record AtStripe(Optional<String> customerId, Optional<String> subscriptionId) {
        static final AtStripe NOTHING = new AtStripe(Optional.empty(), Optional.empty());
    }

    /**
     * Forgets the user: the row goes and the user is remembered as erased. Answers what to end at Stripe: the
     * customer whenever there is one (a checkout may have made a subscription whose event never came), else a
     * subscription that may still run.
     */
    public Uni<AtStripe> erase(UUID userId) {
        return lockUser(userId).chain(() -> Subscription.<Subscription> find("userId", userId)
                .withLock(LockModeType.PESSIMISTIC_WRITE).<Subscription> firstResult())
                .call(() -> erasedUsers.record(userId, DbTime.now()))
                .flatMap(row -> row == null ? Uni.createFrom().item(AtStripe.NOTHING)
                        : row.delete().replaceWith(new AtStripe(Optional.ofNullable(row.stripeCustomerId),
                                Optional.ofNullable(row.stripeSubscriptionId)
                                        .filter(id -> row.stripeStateRank != StripeSnapshot.TERMINAL_RANK))));
    }

    /**
     * Whether the snapshot is newer than the row's state: a later moment, or the same moment (Stripe's {@code created}
     * is in seconds) and not behind in the lifecycle; of two states equal in both, the later delivery wins. A
     * cancelled subscription never comes back, a late event of another (older) subscription of the user never
     * cancels the one that runs now, and another subscription that grants nothing (incomplete, paused, unpaid, an
     * unknown price) never replaces one that grants a plan.
     */
    static boolean supersedes(Subscription row, StripeSnapshot snapshot) {
        if (row.stripeStateAsOf == null || row.stripeSubscriptionId == null) {
            return true;
        }
        boolean rowTerminal = row.stripeStateRank == StripeSnapshot.TERMINAL_RANK;
        int order = snapshot.asOf().compareTo(row.stripeStateAsOf);
        if (!row.stripeSubscriptionId.equals(snapshot.subscriptionId())) {
            if (rowTerminal) {
                return !snapshot.terminal() || order > 0;
            }
            return !snapshot.terminal() && order > 0 && (snapshot.terms().grants() || !row.terms().grants());
        }
        if (rowTerminal) {
            return false;
        }
        return order > 0 || (order == 0 && snapshot.rank() >= row.stripeStateRank);
    }
}
