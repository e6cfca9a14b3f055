package app.essence.common.storage;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * Uploads' final keys reserved in a table of storage to remove (docs/storage.md, "Deadlines"): an upload reserves its
 * key before its file goes there and the transaction that points a row at the file claims the reservation; should the
 * upload never commit, the table's sweep removes the file once the reservation lapsed. One object per table, its
 * statements built once from names that come only from code. {@link Keys} for a table of keys alone (a service's
 * {@code storage_removals}), {@link OwnedKeys} for one whose rows also name the owner their removal locks
 * (clips-service's {@code clip_file_removals}). Every table's reservations last as long, the staged age
 * ({@code essence.storage.sweep.staged-age}): an upload that has not committed by then never will, as no request runs
 * that long.
 */
public abstract sealed class Reservations permits Reservations.Keys, Reservations.OwnedKeys {
    /** How long a reservation lasts, as SQL. */
    private final String length;
    /** The rows that are reservations still holding, as SQL: what {@link #claim} may still take. */
    private final String live;
    private final String claim;

    private Reservations(String table, String keyColumn, StorageConfig config) {
        this.length = "interval '" + config.sweep().stagedAge().toSeconds() + " seconds'";
        // The clock's time, not now() (the transaction's start): the transaction may have waited on the owner's
        // lock while the sweep took a reservation that lapsed in the meantime. A reservation holds until a removal
        // scheduled over it brings not_before forward or it lapses; a sweep that failed to remove a file puts its row
        // at the back of its queue, by requested_at (StorageRemovals: no longer live) or by not_before
        // (clips-service's ClipFiles: a row scheduled less than the staged age after its reservation looks live
        // again). Such a row is claimed by no one, since only the upload of its key claims it, in its commit, before
        // anything scheduled it; and dropAllButLive keeping it only leaves it to its next sweep.
        this.live = "not_before > clock_timestamp() and requested_at > clock_timestamp() - " + length;
        this.claim = "delete from " + table + " where " + keyColumn + " = :key and " + live;
    }

    /**
     * Ends the reservation, inside the transaction that points a row at the file; fails it if the reservation lapsed
     * or the sweep took it, since the sweep may be removing the file.
     */
    public Uni<Void> claim(String key) {
        return execute(claim, Map.of("key", key))
                .invoke(claimed -> {
                    if (claimed != 1) {
                        throw new IllegalStateException("the reservation of " + key + " lapsed");
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<Integer> execute(String statement, Map<String, Object> parameters) {
        return Panache.getSession().flatMap(session -> {
            Mutiny.Query<Object> query = session.createNativeQuery(statement);
            parameters.forEach(query::setParameter);
            return query.executeUpdate();
        });
    }

    /** A table of keys alone: a service's {@code storage_removals}. */
    public static final class Keys extends Reservations {
        private final String reserve;

        public Keys(String table, String keyColumn, StorageConfig config) {
            super(table, keyColumn, config);
            this.reserve = "insert into " + table + " (" + keyColumn + ", not_before) values (:key, now() + "
                    + super.length + ")";
        }

        /**
         * Reserves an upload's final key before its file moves there, in the transaction that checks the upload may
         * still be made (the owner's row locked): the key counts as the user's pending storage until it is claimed.
         */
        public Uni<Void> reserve(String key) {
            return execute(reserve, Map.of("key", key)).replaceWithVoid();
        }
    }

    /** A table whose rows also name the owner whose lock their removal takes: clips-service's clip_file_removals. */
    public static final class OwnedKeys extends Reservations {
        private final String reserve;
        private final String dropAllButLive;

        public OwnedKeys(String table, String keyColumn, String ownerColumn, StorageConfig config) {
            super(table, keyColumn, config);
            this.reserve = "insert into " + table + " (" + keyColumn + ", " + ownerColumn + ", not_before) "
                    + "values (:key, :owner, now() + " + super.length + ")";
            this.dropAllButLive = "delete from " + table + " where " + ownerColumn + " = :owner and not ("
                    + super.live + ")";
        }

        /**
         * Deletes the owners' rows, inside the transaction that schedules the removal of their whole storage folders
         * (which covers each row's file), except the reservations still holding: an upload that reserved its key
         * before that transaction may move its file there after the folders are gone, and should it crash before
         * its commit or abandon, the kept reservation is what makes the sweep remove that file once it lapses. A row is
         * kept under the condition {@link #claim} takes it under: one whose upload may still be on its way.
         */
        public Uni<Void> dropAllButLive(Collection<UUID> owners) {
            Uni<Void> done = Uni.createFrom().voidItem();
            for (UUID owner : owners) {
                done = done.chain(() -> execute(dropAllButLive, Map.of("owner", owner)).replaceWithVoid());
            }
            return done;
        }

        /** Reserves an upload's final key for its owner, inside the caller's transaction. */
        public Uni<Void> reserve(String key, UUID owner) {
            return execute(reserve, Map.of("key", key, "owner", owner)).replaceWithVoid();
        }
    }
}
