package app.essence.common.storage;

import app.essence.common.reactive.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;

/**
 * Storage that must go, kept in the service's {@code storage_removals} table until it has gone: written in the
 * transaction that makes the objects unused (a deleted profile's folders, a replaced avatar), removed after the commit,
 * and retried by {@link StorageSweeper} until the storage confirms. A key ending in {@code /} is a folder: everything
 * under it goes. Only for keys no row can point at again (each upload has a key of its own). An upload's final key is
 * reserved here before its file is placed and claimed by the transaction that records it, so a file placed by an upload
 * that never committed is removed too ({@link #reservations()}); clips-service keeps its single clip files'
 * reservations in a table of its own ({@link Reservations.OwnedKeys}).
 */
@ApplicationScoped
public class StorageRemovals {
    private static final Logger LOG = Logger.getLogger(StorageRemovals.class);
    /** Scheduling a key reserved for an upload ends the reservation's wait: the key is due now. */
    private static final String SCHEDULE = "insert into storage_removals (key) values (:key) "
            + "on conflict (key) do update set not_before = least(storage_removals.not_before, now())";
    private static final String UNSCHEDULE = "delete from storage_removals where key = :key";
    /**
     * A due key's row, locked until its removal commits; none while a claim, another sweep or a removal holds it, or
     * once it is gone.
     */
    private static final String TAKE = "select key from storage_removals where key = $1 and not_before <= now() "
            + "for update skip locked";
    private static final int BATCH = 100;
    /**
     * Removals at once in this instance: each holds a pooled connection through its storage call, so a slow backend
     * must not take the whole pool; a key beyond it is left to the next sweep.
     */
    static final int MAX_REMOVALS_AT_ONCE = 2;

    private final Pool pool;
    private final StorageClient storage;
    private final Reservations.Keys reservations;
    private final Semaphore removing = new Semaphore(MAX_REMOVALS_AT_ONCE);

    public StorageRemovals(Pool pool, StorageClient storage, StorageConfig config) {
        this.pool = pool;
        this.storage = storage;
        this.reservations = new Reservations.Keys("storage_removals", "key", config);
    }

    /** Records the keys for removal; call inside the transaction that makes them unused. */
    public Uni<Void> schedule(Collection<String> keys) {
        return Multi.createFrom().iterable(keys)
                .onItem().transformToUniAndConcatenate(key -> Panache.getSession()
                        .flatMap(session -> session.createNativeQuery(SCHEDULE).setParameter("key", key)
                                .executeUpdate()))
                .collect().last().replaceWithVoid();
    }

    /**
     * The reservations of uploads' final keys in this table: an upload reserves its key before its file moves there
     * and the transaction that points a row at the file claims it (docs/storage.md, "Deadlines").
     */
    public Reservations.Keys reservations() {
        return reservations;
    }

    /**
     * Takes the key off the schedule, inside the transaction that places a file there again under a key that may be
     * reused (a message's audio): a removal an earlier failed recording left must not take the file placed now.
     */
    public Uni<Void> unschedule(String key) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(UNSCHEDULE).setParameter("key", key)
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * How many scheduled removals and open reservations of the user's storage are still to be confirmed (every key
     * names its user, {@link StorageKeys}); call within a session.
     */
    public Uni<Long> pendingFor(UUID userId) {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session,
                "select count(*) from storage_removals where position(:user in key) > 0", Long.class)
                .setParameter("user", userId.toString()).getSingleResult());
    }

    /**
     * Removes these scheduled keys now, after their commit, as the sweep does; what fails, or finds
     * {@link #MAX_REMOVALS_AT_ONCE} removals running, stays scheduled for the sweep.
     */
    public Uni<Integer> removeNow(Collection<String> keys) {
        return removeEach(List.copyOf(keys));
    }

    /** Removes the oldest scheduled keys that are due (a reservation is, once it lapsed). */
    public Uni<Integer> sweep() {
        return pool.preparedQuery("select key from storage_removals where not_before <= now() "
                + "order by requested_at limit $1")
                .execute(Tuple.of(BATCH))
                .map(rows -> StreamSupport.stream(rows.spliterator(), false).map(row -> row.getString("key"))
                        .toList())
                .flatMap(this::removeEach);
    }

    private Uni<Integer> removeEach(List<String> keys) {
        return Multi.createFrom().iterable(keys)
                .onItem().transformToUniAndConcatenate(this::removeOne)
                .collect().asList()
                .map(removed -> (int) removed.stream().filter(Boolean::booleanValue).count());
    }

    /**
     * Removes the key's storage inside a transaction that holds its row locked, and deletes the row in the same
     * one. A claim whose delete comes after the lock waits, then finds its reservation gone and fails; one whose
     * delete came first holds the row, and the sweep passes the key by. A crash after the storage call leaves the row
     * of a file already gone: the reservation lapsed, so no claim takes it, and the next sweep removes nothing again.
     */
    private Uni<Boolean> removeOne(String key) {
        return Uni.createFrom().deferred(() -> {
            if (!removing.tryAcquire()) {
                LOG.debugf("storage %s waits for the next sweep: %d removals are running", key,
                        MAX_REMOVALS_AT_ONCE);
                return Uni.createFrom().item(false);
            }
            return pool.withTransaction(connection -> connection.preparedQuery(TAKE).execute(Tuple.of(key))
                    .flatMap(taken -> taken.size() == 0 ? Uni.createFrom().item(false)
                            : removeTaken(connection, key)))
                    .onFailure().recoverWithItem(failure -> {
                        LOG.warnf("the removal of storage %s failed in the database, next sweep retries: %s", key,
                                failure.getMessage());
                        return false;
                    })
                    .onTermination().invoke(removing::release);
        });
    }

    private Uni<Boolean> removeTaken(SqlConnection connection, String key) {
        return StorageCalls.onWorker(() -> key.endsWith("/") ? storage.deleteAll(key) : storage.delete(key) ? 1 : 0)
                .chain(() -> connection.preparedQuery("delete from storage_removals where key = $1")
                        .execute(Tuple.of(key)))
                .replaceWith(true)
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("storage %s stays scheduled for removal, next sweep retries: %s", key,
                            failure.getMessage());
                    // To the back of the queue: keys that keep failing never starve the ones behind them.
                    return connection.preparedQuery("update storage_removals set requested_at = now() where key = $1")
                            .execute(Tuple.of(key))
                            .replaceWith(false);
                });
    }
}
