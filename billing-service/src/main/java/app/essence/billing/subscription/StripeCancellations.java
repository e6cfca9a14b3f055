package app.essence.billing.subscription;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.billing.stripe.StripeConfig;
import app.essence.billing.stripe.StripeGateway;
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
 * Subscriptions of erased users, cancelled at Stripe after the erasure commits: scheduled in the erasing transaction,
 * tried every {@code cancellation-interval}, and retried with a growing pause until Stripe confirms (a subscription
 * Stripe no longer has counts as cancelled). Never dropped: a failure stays in the table with its reason.
 */
@ApplicationScoped
public class StripeCancellations {
    private static final Logger LOG = Logger.getLogger(StripeCancellations.class);
    private static final String SCHEDULE = "insert into stripe_cancellations (subscription_id, user_id) "
            + "values (:subscription, :user) on conflict (subscription_id) do nothing";
    /** Takes the due ones for a while, so two instances never cancel the same one at once. */
    private static final String CLAIM_DUE = "update stripe_cancellations set next_try_at = now() + interval '5 minutes' "
            + "where subscription_id in (select subscription_id from stripe_cancellations where next_try_at <= now() "
            + "order by next_try_at limit 20 for update skip locked) returning subscription_id";
    private static final String DONE = "delete from stripe_cancellations where subscription_id = $1";
    private static final String FAILED = "update stripe_cancellations set attempts = attempts + 1, last_error = $2, "
            + "next_try_at = now() + make_interval(secs => least(3600, power(2, attempts + 1))) "
            + "where subscription_id = $1";

    private final StripeGateway stripe;
    private final StripeConfig config;
    private final Pool pool;
    private final Vertx vertx;
    private final AtomicBoolean running = new AtomicBoolean();

    public StripeCancellations(StripeGateway stripe, StripeConfig config, Pool pool, Vertx vertx) {
        this.stripe = stripe;
        this.config = config;
        this.pool = pool;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (!stripe.configured()) {
            // Nothing at Stripe can be cancelled without a key; what is scheduled waits for one.
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

    /** One pass: cancels what is due at Stripe. Blocking. Answers how many Stripe confirmed. */
    int cancelDue() {
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
                LOG.warnf("Stripe subscription %s of an erased user is not cancelled yet, will retry: %s",
                        subscriptionId, e.getMessage());
                await(() -> pool.preparedQuery(FAILED).execute(Tuple.of(subscriptionId, String.valueOf(e.getMessage()))));
            }
        }
        return cancelled;
    }
}
