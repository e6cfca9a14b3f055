package app.essence.common.storage;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.jboss.logging.Logger;

/**
 * Storage that must go, kept in the service's {@code storage_removals} table until it has gone: written in the
 * transaction that makes the objects unused (a deleted profile's folders, a replaced avatar), removed after the
 * commit, and retried by {@link StorageSweeper} until the storage confirms. A key ending in {@code /} is a folder:
 * everything under it goes. Only for keys no row can point at again (each upload has a key of its own). An upload's
 * final key is reserved here before its file is placed and claimed by the transaction that records it, so a file
 * placed by an upload that never committed is removed too ({@link #reserve}); clips-service keeps its single clip
 * files' reservations in a table of its own, through the same two calls ({@link RemovalTable}).
 */
@ApplicationScoped
public class StorageRemovals {
    private static final Logger LOG = Logger.getLogger(StorageRemovals.class);
    /** Scheduling a key reserved for an upload ends the reservation's wait: the key is due now. */
    private static final String SCHEDULE = "insert into storage_removals (key) values (:key) "
            + "on conflict (key) do update set not_before = least(storage_removals.not_before, now())";
    private static final String UNSCHEDULE = "delete from storage_removals where key = :key";
    private static final int BATCH = 100;

    private final Pool pool;
    private final StorageClient storage;
    private final double reservationSeconds;

    public StorageRemovals(Pool pool, StorageClient storage, StorageConfig config) {
        this.pool = pool;
        this.storage = storage;
        this.reservationSeconds = config.sweep().stagedAge().toSeconds();
    }

    /**
     * A table that keeps files to remove and the reservations of uploads' final keys: a service's
     * {@code storage_removals}, or one whose rows also name the owner their removal locks (clips-service's
     * {@code clip_file_removals}: path, profile_id). Names only from code, never from a request.
     */
    public record RemovalTable(String name, String keyColumn, Optional<String> ownerColumn) {
        public static final RemovalTable STORAGE_REMOVALS = new RemovalTable("storage_removals", "key",
                Optional.empty());

        public RemovalTable(String name, String keyColumn, String ownerColumn) {
            this(name, keyColumn, Optional.of(ownerColumn));
        }
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
     * Reserves an upload's final key before its file moves there, in the transaction that checks the upload may
     * still be made (the owner's row locked): the key counts as the user's pending storage until {@link #claim}
     * ends the reservation; should the upload never commit (a crash), the sweep removes the file once the staged
     * age ({@code essence.storage.sweep.staged-age}) has passed.
     */
    public Uni<Void> reserve(String key) {
        return reserve(RemovalTable.STORAGE_REMOVALS, key, Optional.empty());
    }

    /**
     * Reserves the key for as long, in a table whose rows name their owner (clips-service's clip_file_removals, whose
     * own sweep removes a lapsed reservation's file under the owner's lock); inside the caller's transaction.
     */
    public Uni<Void> reserve(RemovalTable table, String key, UUID owner) {
        return reserve(table, key, Optional.of(owner));
    }

    private Uni<Void> reserve(RemovalTable table, String key, Optional<UUID> owner) {
        if (table.ownerColumn().isPresent() != owner.isPresent()) {
            throw new IllegalArgumentException(table.name() + " takes an owner exactly when it has an owner column");
        }
        String sql = "insert into " + table.name() + " (" + table.keyColumn()
                + table.ownerColumn().map(column -> ", " + column).orElse("") + ", not_before) values (:key"
                + owner.map(ignored -> ", :owner").orElse("")
                + ", now() + cast(:seconds as float8) * interval '1 second')";
        return Panache.getSession().flatMap(session -> {
            var insert = session.createNativeQuery(sql).setParameter("key", key)
                    .setParameter("seconds", reservationSeconds);
            owner.ifPresent(id -> insert.setParameter("owner", id));
            return insert.executeUpdate();
        }).replaceWithVoid();
    }

    /**
     * Ends the reservation, inside the transaction that points a row at the file; fails if it lapsed, since the
     * sweep may be removing the file.
     */
    public Uni<Void> claim(String key) {
        return claim(RemovalTable.STORAGE_REMOVALS, key);
    }

    /**
     * {@link #claim(String)} in the given table. A reservation holds while neither of its times has moved from what
     * {@link #reserve} wrote: a removal scheduled over it brings {@code not_before} forward, and a sweep that failed
     * to remove a lapsed one puts it at the back of its queue, by {@code requested_at} (StorageRemovals) or by
     * {@code not_before} (clips-service's ClipFiles); in each case the sweep has had the file.
     */
    public Uni<Void> claim(RemovalTable table, String key) {
        // The clock's time, not now() (the transaction's start): the transaction may have waited on the profile's
        // lock while the sweep took a reservation that lapsed in the meantime.
        String sql = "delete from " + table.name() + " where " + table.keyColumn() + " = :key "
                + "and not_before > clock_timestamp() "
                + "and requested_at > clock_timestamp() - cast(:seconds as float8) * interval '1 second'";
        return Panache.getSession().flatMap(session -> session.createNativeQuery(sql).setParameter("key", key)
                .setParameter("seconds", reservationSeconds).executeUpdate())
                .invoke(claimed -> {
                    if (claimed != 1) {
                        throw new IllegalStateException("the reservation of " + key + " lapsed");
                    }
                })
                .replaceWithVoid();
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
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "select count(*) from storage_removals where position(:user in key) > 0", Long.class)
                .setParameter("user", userId.toString()).getSingleResult());
    }

    /** Removes these scheduled keys now, after their commit; what fails stays scheduled for the sweep. */
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

    private Uni<Boolean> removeOne(String key) {
        return StorageCalls.onWorker(() -> key.endsWith("/") ? storage.deleteAll(key) : storage.delete(key) ? 1 : 0)
                .chain(() -> pool.preparedQuery("delete from storage_removals where key = $1").execute(Tuple.of(key)))
                .replaceWith(true)
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("storage %s stays scheduled for removal, next sweep retries: %s", key,
                            failure.getMessage());
                    // To the back of the queue: keys that keep failing never starve the ones behind them.
                    return pool.preparedQuery("update storage_removals set requested_at = now() where key = $1")
                            .execute(Tuple.of(key))
                            .onFailure().recoverWithNull()
                            .replaceWith(false);
                });
    }
}
