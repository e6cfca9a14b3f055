package app.essence.common.erasure;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.events.EventType;
import app.essence.common.legacy.BackgroundWork;
import app.essence.common.reactive.NativeSelects;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.time.DbTime;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
 * for as long as it takes, at the next passes first, then less and less often (up to {@code max-backoff}): each
 * pass takes the users whose check is due, oldest due first, so users that stay stuck never hold the others back.
 * One not done after {@code stuck-after} is logged at each of its checks and counted in
 * {@code essence_erasure_stuck{service}} ({@code essence_erasure_pending{service}}: all not done yet).
 */
@ApplicationScoped
public class ErasureCompletion {
    private static final Logger LOG = Logger.getLogger(ErasureCompletion.class);
    /** The checks made at every pass before the pause between two checks of a user starts doubling. */
    private static final int CHECKS_AT_EVERY_PASS = 12;
    private static final String PENDING = "select user_id from erased_users where completed_at is null "
            + "and coalesce(next_check_at, erased_at) <= now() order by coalesce(next_check_at, erased_at) limit 50";
    /** Claims the user and answers how long ago (seconds) they were erased. */
    private static final String CLAIM = "select cast(extract(epoch from now() - erased_at) as bigint) "
            + "from erased_users where user_id = :user and completed_at is null for update skip locked";
    private static final String POSTPONE = "update erased_users set checks = checks + 1, left_at_last_check = :left, "
            + "next_check_at = now() + make_interval(secs => least(:max, :interval * power(2, greatest(0, "
            + "checks + 1 - " + CHECKS_AT_EVERY_PASS + ")))) where user_id = :user";
    private static final String COUNTS = "select count(*) filter (where erased_at < now() - make_interval(secs => $1)), "
            + "count(*) from erased_users where completed_at is null";
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
    private final Duration maxBackoff;
    private final Duration stuckAfter;
    private final MeterRegistry registry;
    private final String service;
    private final AtomicLong stuck = new AtomicLong();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean running = new AtomicBoolean();

    public ErasureCompletion(Instance<ErasurePart> part, Pool pool, Vertx vertx, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String service,
            ErasureConfig config) {
        this.part = part;
        this.pool = pool;
        this.vertx = vertx;
        this.registry = registry;
        this.service = service;
        this.interval = config.checkInterval();
        this.maxBackoff = config.maxBackoff();
        this.stuckAfter = config.stuckAfter();
    }

    void start(@Observes BackgroundWork.Start start) {
        if (!part.isResolvable()) {
            return;
        }
        registry.gauge("essence.erasure.stuck", Tags.of("service", service), stuck);
        registry.gauge("essence.erasure.pending", Tags.of("service", service), pending);
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

    /** One pass: completes every erasure due for a check whose part is done here; answers how many. */
    public Uni<Integer> completeDue() {
        return pool.query(PENDING).execute()
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getUUID("user_id"))
                        .toList())
                .flatMap(users -> Multi.createFrom().iterable(users)
                        .onItem().transformToUniAndConcatenate(this::completeIfDone)
                        .collect().asList())
                .map(done -> (int) done.stream().filter(Boolean::booleanValue).count())
                .call(this::count);
    }

    private Uni<Boolean> completeIfDone(UUID userId) {
        return RowSecurity.inUserTransaction(userId, () -> Panache.getSession()
                .flatMap(session -> NativeSelects.create(session, CLAIM, Long.class).setParameter("user", userId)
                        .getResultList())
                .flatMap(claimed -> claimed.isEmpty() ? Uni.createFrom().item(false) : remaining(userId)
                        .flatMap(left -> left > 0 ? postpone(userId, left, claimed.get(0)).replaceWith(false)
                                : complete(userId))));
    }

    /** Not done yet: the next check of this user waits longer, and one stuck for long is told of. */
    private Uni<Void> postpone(UUID userId, long left, long secondsSinceErased) {
        if (secondsSinceErased >= stuckAfter.toSeconds()) {
            LOG.warnf("erasure of user %s is not complete here after %s: %d thing(s) of theirs still to erase or to "
                    + "be confirmed erased (docs/erasure.md, \"Stuck erasures\")", userId,
                    Duration.ofSeconds(secondsSinceErased), left);
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(POSTPONE)
                .setParameter("user", userId).setParameter("left", left)
                .setParameter("max", maxBackoff.toMillis() / 1000.0)
                .setParameter("interval", interval.toMillis() / 1000.0).executeUpdate()).replaceWithVoid();
    }

    private Uni<Void> count(int ignored) {
        return pool.preparedQuery(COUNTS).execute(Tuple.of(stuckAfter.toMillis() / 1000.0)).invoke(rows -> {
            Row row = rows.iterator().next();
            stuck.set(row.getLong(0));
            pending.set(row.getLong(1));
        }).replaceWithVoid();
    }

    private Uni<Long> remaining(UUID userId) {
        return Panache.getSession()
                .flatMap(session -> NativeSelects.create(session, UNPUBLISHED, Long.class)
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
