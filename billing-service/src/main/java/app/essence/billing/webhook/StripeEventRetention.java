package app.essence.billing.webhook;

import app.essence.common.outbox.EventTableRetention;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Keeps {@code stripe_events} from growing forever: ids of events taken longer ago than the consumed-event retention
 * ({@code essence.events.retention.consumed}, 30 days; Stripe stops retrying a delivery after three) are deleted, on
 * the schedule of common-lib's event retention. Ids of events still kept for an unknown customer stay.
 */
@ApplicationScoped
public class StripeEventRetention {
    private static final Logger LOG = Logger.getLogger(StripeEventRetention.class);
    private static final String PURGE = "delete from stripe_events where received_at < $1 "
            + "and id not in (select event_id from stripe_pending_events)";

    private final Pool pool;
    private final Vertx vertx;
    private final EventTableRetention.Retention retention;

    public StripeEventRetention(Pool pool, Vertx vertx, EventTableRetention.Retention retention) {
        this.pool = pool;
        this.vertx = vertx;
        this.retention = retention;
    }

    void schedule(@Observes StartupEvent event) {
        vertx.setPeriodic(retention.interval().toMillis(), id -> purge().subscribe().with(
                deleted -> LOG.debugf("Stripe event retention: %d old ids deleted", deleted),
                failure -> LOG.warnf("Stripe event retention failed, next try in %s: %s", retention.interval(),
                        failure.getMessage())));
    }

    /** Deletes the ids past their retention; answers how many. */
    public Uni<Integer> purge() {
        return pool.preparedQuery(PURGE)
                .execute(Tuple.of(Instant.now().minus(retention.consumed()).atOffset(ZoneOffset.UTC)))
                .map(rows -> rows.rowCount());
    }
}
