package app.essence.clips;

import static app.essence.clips.Clips.STORAGE;
import static app.essence.common.reactive.ReactiveBridge.await;
import static app.essence.testing.AudioFixtures.toneWav;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.storage.StorageKeys;
import app.essence.common.storage.StorageRemovals;
import app.essence.testing.PostgresResource;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A claim and the storage sweep racing on one reservation in storage_removals, each in its own connection: the file
 * a committed claim points at stays, and a claim whose reservation the sweep took fails its transaction.
 */
@QuarkusTest
class ReservationRaceTests {
    private static final String DATABASE = "essence_clips_test";
    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @Inject
    StorageRemovals removals;

    private final ExecutorService background = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void aSweepPassesByAReservationWhoseClaimCommitsAsItLapses() throws Exception {
        String key = newKey();
        Files.createDirectories(STORAGE.resolve(key).getParent());
        Path file = Files.write(STORAGE.resolve(key), toneWav(100));
        long commitGate = ThreadLocalRandom.current().nextInt(1, Integer.MAX_VALUE);
        Future<Void> claim;
        try (Connection gatekeeper = PostgresResource.connect(DATABASE)) {
            update(gatekeeper, "select pg_advisory_lock(?)", commitGate);
            insertReservation(key, "clock_timestamp() + interval '2 seconds'");

            // The claim deletes the reservation in time, then waits to commit until the gate opens.
            claim = background.submit(() -> await(() -> Panache.withTransaction(() -> removals.reservations().claim(key)
                    .call(() -> waitAt(commitGate)))));
            Awaitility.await().atMost(PATIENCE).until(() -> count("select count(*) from pg_locks "
                    + "where locktype = 'advisory' and objid = cast(? as oid) and not granted", commitGate) == 1);
            Awaitility.await().atMost(PATIENCE).until(() -> count("select count(*) from storage_removals "
                    + "where key = ? and not_before <= clock_timestamp()", key) == 1);

            // Lapsed now, and still there for every other transaction until the claim commits.
            Future<Integer> sweep = background.submit(() -> await(removals::sweep));
            sweep.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
            assertTrue(Files.exists(file), "the sweep passed by the key its claim holds");
        }
        claim.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(0, count("select count(*) from storage_removals where key = ?", key));
        assertTrue(Files.exists(file), "the committed claim keeps its file");
    }

    @Test
    void aClaimWhoseReservationTheSweepTookFailsItsTransaction() throws Exception {
        String key = newKey();
        String writtenBeforeTheClaim = newKey();
        insertReservation(key, "clock_timestamp() + interval '1 hour'");
        try (Connection sweep = PostgresResource.connect(DATABASE)) {
            sweep.setAutoCommit(false);
            update(sweep, "select key from storage_removals where key = ? for update", key);

            Future<Void> claim = background.submit(() -> await(() -> Panache.withTransaction(() -> Panache
                    .getSession().flatMap(session -> session.createNativeQuery(
                            "insert into storage_removals (key) values (:key)").setParameter("key",
                                    writtenBeforeTheClaim).executeUpdate())
                    .chain(() -> removals.reservations().claim(key)))));
            Awaitility.await().atMost(PATIENCE).until(() -> count("select count(*) from pg_stat_activity "
                    + "where ? = any(pg_blocking_pids(pid))", backendOf(sweep)) == 1);

            // The sweep removes the file and the reservation, and commits while the claim waits.
            update(sweep, "delete from storage_removals where key = ?", key);
            sweep.commit();

            ExecutionException failed = assertThrows(ExecutionException.class,
                    () -> claim.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
            assertInstanceOf(IllegalStateException.class, failed.getCause());
        }
        assertEquals(0, count("select count(*) from storage_removals where key = ?", writtenBeforeTheClaim),
                "the claim's transaction rolled back");
    }

    @Test
    void removalsWaitingOnTheDatabaseHoldAtMostTwoConnectionsAndTheRestIsLeftToTheSweep() throws Exception {
        List<String> keys = List.of(newKey(), newKey(), newKey(), newKey());
        List<Future<Integer>> running = new ArrayList<>();
        try (Connection table = PostgresResource.connect(DATABASE); Statement lock = table.createStatement()) {
            table.setAutoCommit(false);
            // Every removal now waits for its row, as long as a slow storage call would keep it; the keys are due
            // once this commits (until then no sweep sees them).
            lock.execute("lock table storage_removals in exclusive mode");
            for (String key : keys) {
                update(table, "insert into storage_removals (key, not_before) values (?, now())", key);
            }
            for (String key : keys) {
                running.add(background.submit(() -> await(() -> removals.removeNow(List.of(key)))));
            }
            int backend = backendOf(table);
            Awaitility.await().atMost(PATIENCE).until(() -> waitingOn(backend) == 2);
            int answeredAtOnce = 0;
            for (Future<Integer> removal : running) {
                try {
                    assertEquals(0, removal.get(200, TimeUnit.MILLISECONDS));
                    answeredAtOnce++;
                } catch (TimeoutException waiting) {
                    // one of the two holding a connection
                }
            }
            // Two at most wait (the storage sweeper, every second here, may hold one of the two).
            assertTrue(answeredAtOnce >= keys.size() - 2, "the removals beyond two left their keys to the sweep");
            Thread.sleep(1_500); // a sweep in the meantime finds no removal free either
            assertEquals(2, waitingOn(backend), "connections held by removals");
            table.commit();
        }
        Awaitility.await().atMost(PATIENCE).until(() -> keys.stream().allMatch(key -> {
            try {
                return count("select count(*) from storage_removals where key = ?", key) == 0;
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private static int waitingOn(int backend) throws SQLException {
        return count("select count(*) from pg_stat_activity where ? = any(pg_blocking_pids(pid))", backend);
    }

    private static String newKey() {
        return StorageKeys.trainingClip(UUID.randomUUID(), UUID.randomUUID(), 1, UUID.randomUUID(), "wav");
    }

    /** Blocks the caller's transaction until the test's connection lets go of the lock. */
    private static Uni<Long> waitAt(long gate) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                "select count(*) from pg_advisory_xact_lock(:gate)", Long.class).setParameter("gate", gate)
                .getSingleResult());
    }

    private static void insertReservation(String key, String notBefore) throws SQLException {
        try (Connection db = PostgresResource.connect(DATABASE)) {
            update(db, "insert into storage_removals (key, not_before) values (?, " + notBefore + ")", key);
        }
    }

    private static void update(Connection db, String sql, Object parameter) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            statement.execute();
        }
    }

    private static int backendOf(Connection db) throws SQLException {
        try (PreparedStatement statement = db.prepareStatement("select pg_backend_pid()");
                ResultSet row = statement.executeQuery()) {
            row.next();
            return row.getInt(1);
        }
    }

    private static int count(String sql, Object parameter) throws SQLException {
        try (Connection db = PostgresResource.connect(DATABASE);
                PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setObject(1, parameter);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
