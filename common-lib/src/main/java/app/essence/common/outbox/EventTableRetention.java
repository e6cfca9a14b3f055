package app.essence.common.outbox;

import app.essence.common.legacy.BackgroundWork;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jboss.logging.Logger;

/**
 * Keeps the outbox and the inbox from growing forever: published events and consumed event ids older than their
 * retention are deleted every hour. The inbox keeps ids far longer than any replay window; an event replayed after
 * that is still harmless, since consumers apply "newer wins".
 */
@ApplicationScoped
public class EventTableRetention {
    private static final Logger LOG = Logger.getLogger(EventTableRetention.class);

    private final Pool pool;
    private final Vertx vertx;
    private final Retention retention;

    public EventTableRetention(Pool pool, Vertx vertx, Retention retention) {
        this.pool = pool;
        this.vertx = vertx;
        this.retention = retention;
    }

    void schedule(@Observes BackgroundWork.Start start) {
        vertx.setPeriodic(retention.interval().toMillis(), id -> purge());
    }

    void purge() {
        pool.preparedQuery("delete from outbox_events where published_at < $1")
                .execute(Tuple.of(before(retention.published())))
                .flatMap(outbox -> pool.preparedQuery("delete from inbox_events where consumed_at < $1")
                        .execute(Tuple.of(before(retention.consumed())))
                        .map(inbox -> outbox.rowCount() + inbox.rowCount()))
                .subscribe().with(
                        deleted -> LOG.debugf("event retention: %d old rows deleted", deleted),
                        failure -> LOG.warnf("event retention failed, next try in %s: %s", retention.interval(),
                                failure.getMessage()));
    }

    private static OffsetDateTime before(Duration age) {
        return Instant.now().minus(age).atOffset(ZoneOffset.UTC);
    }

    /** How long event rows are kept, under {@code essence.events.retention}. */
    @ConfigMapping(prefix = "essence.events.retention")
    public interface Retention {
        @WithDefault("7d")
        Duration published();

        @WithDefault("30d")
        Duration consumed();

        @WithDefault("1h")
        Duration interval();
    }
}
