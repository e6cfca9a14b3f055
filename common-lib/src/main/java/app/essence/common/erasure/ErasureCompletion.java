package app.essence.common.erasure;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.events.EventType;
import app.essence.common.legacy.ImportMode;
import app.essence.common.time.DbTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Finishes a service's part of each erasure once nothing of the user is left here: every {@code check-interval}
 * it asks the service's {@link ErasurePart} what remains of each erased user not completed yet, and when nothing
 * does (and no event about them waits in the outbox), it completes the part, deletes the published outbox rows
 * about the user (other than the erasure's own, ids only) and marks {@code erased_users.completed_at}, all in one
 * transaction (docs/erasure.md). A part that waits on a store (a file, a voice, a Stripe customer) is checked again
 * at the next pass, for as long as it takes.
 */
@ApplicationScoped
public class ErasureCompletion {
    private static final Logger LOG = Logger.getLogger(ErasureCompletion.class);
    private static final String PENDING = "select user_id from erased_users where completed_at is null "
            + "order by erased_at limit 50";
    private static final String CLAIM = "select cast(user_id as text) from erased_users "
            + "where user_id = :user and completed_at is null for update skip locked";
    private static final String ERASURE_TYPES = Arrays.stream(EventType.values()).filter(EventType::recordsErasure)
            .map(type -> "'" + type.typeName() + "'").collect(Collectors.joining(", "));
    private static final String UNPUBLISHED = "select count(*) from outbox_events where published_at is null "
            + "and position(:user in payload) > 0 and event_type not in (" + ERASURE_TYPES + ")";
    private static final String PURGE_PUBLISHED = "delete from outbox_events where published_at is not null "
            + "and position(:user in payload) > 0 and event_type not in (" + ERASURE_TYPES + ")";
    private static final String DONE = "update erased_users set completed_at = :at where user_id = :user";

    private final Instance<ErasurePart> part;
    private final Pool pool;
    private final Vertx vertx;
    private final Duration interval;
    private final AtomicBoolean running = new AtomicBoolean();

    public ErasureCompletion(Instance<ErasurePart> part, Pool pool, Vertx vertx,
            @ConfigProperty(name = "essence.erasure.check-interval", defaultValue = "5s") Duration interval) {
        this.part = part;
        this.pool = pool;
        this.vertx = vertx;
        this.interval = interval;
    }

    void start(@Observes StartupEvent event) {
        if (ImportMode.on()) {
            return;
        }
        if (!part.isResolvable()) {
            return;
        }
        vertx.setPeriodic(interval.toMillis(), id -> Infrastructure.getDefaultWorkerPool().execute(this::passQuietly));
    }

    private void passQuietly() {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        try {
            await(this::completeDue);
        } catch (RuntimeException e) {
            LOG.warnf("completing erasures failed, next try in %s: %s", interval, e.toString());
        } finally {
            running.set(false);
        }
    }

    /** One pass: completes every erasure whose part is done here; answers how many. */
    public Uni<Integer> completeDue() {
        return pool.query(PENDING).execute()
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getUUID("user_id"))
                        .toList())
                .flatMap(users -> Multi.createFrom().iterable(users)
                        .onItem().transformToUniAndConcatenate(this::completeIfDone)
                        .collect().asList())
                .map(done -> (int) done.stream().filter(Boolean::booleanValue).count());
    }

    private Uni<Boolean> completeIfDone(UUID userId) {
        return Panache.withTransaction(() -> Panache.getSession()
                .flatMap(session -> session.createNativeQuery(CLAIM, String.class).setParameter("user", userId)
                        .getResultList())
                .flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(false) : remaining(userId)
                        .flatMap(left -> left > 0 ? Uni.createFrom().item(false) : complete(userId))));
    }

    private Uni<Long> remaining(UUID userId) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(UNPUBLISHED, Long.class)
                        .setParameter("user", userId.toString()).getSingleResult())
                .flatMap(unpublished -> part.get().remaining(userId).map(left -> left + unpublished));
    }

    private Uni<Boolean> complete(UUID userId) {
        Instant at = DbTime.now();
        return part.get().complete(userId, at)
                .chain(() -> Panache.getSession())
                .call(session -> session.createNativeQuery(PURGE_PUBLISHED).setParameter("user", userId.toString())
                        .executeUpdate())
                .call(session -> session.createNativeQuery(DONE).setParameter("user", userId).setParameter("at", at)
                        .executeUpdate())
                .invoke(() -> LOG.infof("erasure of user %s is complete here", userId))
                .replaceWith(true);
    }
}
