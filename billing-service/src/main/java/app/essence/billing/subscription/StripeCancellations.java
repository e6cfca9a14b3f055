package app.essence.billing.subscription;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.billing.stripe.StripeConfig;
import app.essence.billing.stripe.StripeGateway;
import app.essence.billing.stripe.StripeUnavailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * What erased users still have at Stripe, ended after the erasure commits: their customer is deleted (which cancels
 * every subscription of theirs, also one whose event never reached us); a subscription without a known customer
 * (scheduled before customers were) is cancelled by id. Scheduled in the erasing transaction, tried every
 * {@code cancellation-interval}, and retried with a growing pause until Stripe confirms (what Stripe no longer has
 * counts as done). Never dropped: a failure stays in its table with its reason.
 */
@ApplicationScoped
public class StripeCancellations {
    private static final Logger LOG = Logger.getLogger(StripeCancellations.class);
    private static final String SCHEDULE = "insert into stripe_cancellations (subscription_id, user_id) "
            + "values (:subscription, :user) on conflict (subscription_id) do nothing";
    /** How stripe_erased_customers names a customer: the SHA-256 of its id, never the id. */
    public static final String CUSTOMER_HASH = "encode(sha256(convert_to(:customer, 'UTF8')), 'hex')";
    private static final String SCHEDULE_CUSTOMER = "insert into stripe_customer_deletions (customer_id, user_id) "
            + "values (:customer, :user) on conflict (customer_id) do nothing";
    /** Stripe's events about the customer are not kept from now on, and those kept go (docs/erasure.md). */
    private static final String ERASED_CUSTOMER = "insert into stripe_erased_customers (customer_hash) "
            + "values (" + CUSTOMER_HASH + ") on conflict do nothing";
    private static final String DROP_PENDING = "delete from stripe_pending_events where customer_id = :customer";
    /** Takes the due ones for a while, so two instances never end the same one at once. */
    private static final String CLAIM_DUE_CUSTOMERS = "update stripe_customer_deletions "
            + "set next_try_at = now() + interval '5 minutes' where customer_id in (select customer_id "
            + "from stripe_customer_deletions where next_try_at <= now() and dead_at is null "
            + "order by next_try_at limit 20 for update skip locked) returning customer_id";
    private static final String CUSTOMER_DONE = "delete from stripe_customer_deletions where customer_id = $1";
    private static final String CUSTOMER_FAILED = "update stripe_customer_deletions set attempts = attempts + 1, "
            + "last_error = $2, next_try_at = now() + make_interval(secs => least(3600, power(2, attempts + 1))) "
            + "where customer_id = $1";
    private static final String CUSTOMER_DEAD = "update stripe_customer_deletions set attempts = attempts + 1, "
            + "last_error = $2, dead_at = now() where customer_id = $1";
    private static final String DEAD = "update stripe_cancellations set attempts = attempts + 1, last_error = $2, "
            + "dead_at = now() where subscription_id = $1";
    /** Counts what Stripe refused for good; an alert on it sends an operator to the table's last_error. */
    static final String DEAD_METRIC = "essence.billing.stripe.erasures.dead";
    private static final String CLAIM_DUE = "update stripe_cancellations set next_try_at = now() + interval '5 minutes' "
            + "where subscription_id in (select subscription_id from stripe_cancellations where next_try_at <= now() "
            + "and dead_at is null order by next_try_at limit 20 for update skip locked) returning subscription_id";
    private static final String DONE = "delete from stripe_cancellations where subscription_id = $1";
    private static final String FAILED = "update stripe_cancellations set attempts = attempts + 1, last_error = $2, "
            + "next_try_at = now() + make_interval(secs => least(3600, power(2, attempts + 1))) "
            + "where subscription_id = $1";

    private static final String SETTLE_CUSTOMERS = "delete from stripe_customer_deletions";
    private static final String SETTLE_SUBSCRIPTIONS = "delete from stripe_cancellations";

    private final StripeGateway stripe;
    private final StripeConfig config;
    private final Pool pool;
    private final Vertx vertx;
    private final MeterRegistry registry;
    private final AtomicBoolean running = new AtomicBoolean();

    public StripeCancellations(StripeGateway stripe, StripeConfig config, Pool pool, Vertx vertx,
            MeterRegistry registry) {
        this.registry = registry;
        this.stripe = stripe;
        this.config = config;
        this.pool = pool;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (!stripe.configured()) {
            // Without a key (never under prod, BillingProductionSettings) this service made nothing at Stripe: what
            // an erasure scheduled there is settled as nothing to end, so the erasure completes (docs/billing.md).
            vertx.setPeriodic(config.cancellationInterval().toMillis(), id -> settleWithoutStripe());
            return;
        }
        vertx.setPeriodic(config.cancellationInterval().toMillis(),
                id -> Infrastructure.getDefaultWorkerPool().execute(this::cancelDueQuietly));
    }

    /** Schedules the cancellation; call inside the transaction that erases the user. */
    public Uni<Void> schedule(String subscriptionId, UUID userId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SCHEDULE)
                .setParameter("subscription", subscriptionId).setParameter("user", userId).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Schedules the deletion of the erased user's customer, drops the Stripe events kept for it and records it as an
     * erased user's, so none is kept again; call inside the transaction that erases the user.
     */
    public Uni<Void> scheduleCustomer(String customerId, UUID userId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SCHEDULE_CUSTOMER)
                .setParameter("customer", customerId).setParameter("user", userId).executeUpdate()
                .chain(() -> session.createNativeQuery(ERASED_CUSTOMER).setParameter("customer", customerId)
                        .executeUpdate())
                .chain(() -> session.createNativeQuery(DROP_PENDING).setParameter("customer", customerId)
                        .executeUpdate()))
                .replaceWithVoid();
    }

    void settleWithoutStripe() {
        pool.query(SETTLE_CUSTOMERS).execute()
                .flatMap(customers -> pool.query(SETTLE_SUBSCRIPTIONS).execute()
                        .map(subscriptions -> customers.rowCount() + subscriptions.rowCount()))
                .subscribe().with(settled -> {
                    if (settled > 0) {
                        LOG.warnf("no Stripe key: %d Stripe customers and subscriptions of erased users settled "
                                + "without calling Stripe", settled);
                    }
                }, failure -> LOG.warnf("settling erased users' Stripe work failed, next try in %s: %s",
                        config.cancellationInterval(), failure.getMessage()));
    }

    private void cancelDueQuietly() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            cancelDue();
        } catch (RuntimeException e) {
            LOG.warnf("cancelling erased users' subscriptions failed, next try in %s: %s",
                    config.cancellationInterval(), e.toString());
        } finally {
            running.set(false);
        }
    }

    /** One pass: deletes and cancels what is due at Stripe. Blocking. Answers how many Stripe confirmed. */
    int cancelDue() {
        int done = 0;
        List<String> customers = await(() -> pool.query(CLAIM_DUE_CUSTOMERS).execute()).stream()
                .map(row -> row.getString("customer_id")).toList();
        for (String customerId : customers) {
            try {
                stripe.deleteCustomer(customerId);
                await(() -> pool.preparedQuery(CUSTOMER_DONE).execute(Tuple.of(customerId)));
                LOG.infof("deleted Stripe customer %s of an erased user, which cancels their subscriptions",
                        customerId);
                done++;
            } catch (RuntimeException e) {
                failed("customer", customerId, e, CUSTOMER_FAILED, CUSTOMER_DEAD);
            }
        }
        return done + cancelSubscriptions();
    }

    /**
     * Keeps why Stripe did not do it (its status, code and request id). A refusal that sending again cannot change
     * (a permanent 4xx) stops the retries: the row stays, dead, for an operator, counted and logged at ERROR.
     */
    private void failed(String what, String id, RuntimeException e, String retry, String dead) {
        String reason = e instanceof StripeUnavailableException stripeError ? e.getMessage() + " ("
                + stripeError.stripeDetail() + ")" : String.valueOf(e.getMessage());
        if (e instanceof StripeUnavailableException refusal && refusal.permanent()) {
            LOG.errorf("Stripe refused for good to end %s %s of an erased user: %s; not retried, an operator must "
                    + "end it at Stripe and delete its row (docs/billing.md, \"Erasure\")", what, id, reason);
            registry.counter(DEAD_METRIC, "kind", what).increment();
            await(() -> pool.preparedQuery(dead).execute(Tuple.of(id, reason)));
            return;
        }
        LOG.warnf("Stripe %s %s of an erased user is not ended yet, will retry: %s", what, id, reason);
        await(() -> pool.preparedQuery(retry).execute(Tuple.of(id, reason)));
    }

    private int cancelSubscriptions() {
        List<String> due = await(() -> pool.query(CLAIM_DUE).execute()).stream()
                .map(row -> row.getString("subscription_id")).toList();
        int cancelled = 0;
        for (String subscriptionId : due) {
            try {
                stripe.cancelSubscription(subscriptionId);
                await(() -> pool.preparedQuery(DONE).execute(Tuple.of(subscriptionId)));
                LOG.infof("cancelled Stripe subscription %s of an erased user", subscriptionId);
                cancelled++;
            } catch (RuntimeException e) {
                failed("subscription", subscriptionId, e, FAILED, DEAD);
            }
        }
        return cancelled;
    }
}
