package app.essence.common.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.EventType;
import app.essence.common.inbox.TransientFailures.DatabaseUnavailableException;
import io.netty.channel.ConnectTimeoutException;
import io.smallrye.mutiny.Uni;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

/**
 * Only a PostgreSQL outage is retried until it ends; a collision with another transaction is retried far longer than
 * the event's own failure, but not forever; every other failure is the event's own.
 */
class TransientFailuresTests {
    private static final int MAX_ATTEMPTS = 4;
    private static final int MAX_CONFLICT_ATTEMPTS = 20;
    private static final InboxConfig CONFIG = new InboxConfig() {
        @Override
        public int maxAttempts() {
            return MAX_ATTEMPTS;
        }

        @Override
        public int maxConflictAttempts() {
            return MAX_CONFLICT_ATTEMPTS;
        }

        @Override
        public Duration firstBackoff() {
            return Duration.ofMillis(1);
        }

        @Override
        public Duration replayTimeout() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Duration maxBackoff() {
            return Duration.ofMillis(5);
        }
    };

    @Test
    void aLostConnectionOrAnOutageSqlStateIsTransientHoweverDeeplyWrapped() {
        assertTrue(TransientFailures.isTransient(ClosedConnectionException.INSTANCE));
        assertTrue(TransientFailures.isTransient(new HibernateException(new CompletionException(
                ClosedConnectionException.INSTANCE))));
        for (String sqlState : new String[] {"08006", "08001", "53300", "53100", "57P01", "57P03"}) {
            assertTrue(TransientFailures.isTransient(new CompletionException(pg(sqlState))), sqlState);
        }
    }

    @Test
    void otherSqlStatesAreTheEventsOwn() {
        for (String sqlState : new String[] {"23505", "42P01", "57014", "P0001", "28P01"}) {
            assertFalse(TransientFailures.isTransient(pg(sqlState)), sqlState);
            assertFalse(TransientFailures.isConflict(pg(sqlState)), sqlState);
        }
    }

    @Test
    void aSerializationFailureOrDeadlockIsRetriedFarLongerThanTheEventsOwnFailure() {
        for (String sqlState : new String[] {"40001", "40P01"}) {
            assertTrue(TransientFailures.isConflict(new HibernateException(new CompletionException(pg(sqlState)))));
            // Ten collisions in a row, more than max-attempts (4): still applied, not dead-lettered.
            AtomicInteger tries = new AtomicInteger();
            assertEquals("applied", retried(() -> tries.incrementAndGet() <= 10
                    ? Uni.createFrom().failure(pg(sqlState)) : Uni.createFrom().item("applied")));
            assertEquals(11, tries.get(), sqlState);
            // One that never ends is dead-lettered after max-conflict-attempts, not tried forever.
            tries.set(0);
            assertThrows(PgException.class, () -> retried(() -> {
                tries.incrementAndGet();
                return Uni.createFrom().failure(pg(sqlState));
            }));
            assertEquals(MAX_CONFLICT_ATTEMPTS, tries.get(), sqlState);
        }
        // The event's own failure still gets max-attempts tries.
        AtomicInteger tries = new AtomicInteger();
        assertThrows(PgException.class, () -> retried(() -> {
            tries.incrementAndGet();
            return Uni.createFrom().failure(pg("23505"));
        }));
        assertEquals(MAX_ATTEMPTS, tries.get());
    }

    @Test
    void aStorageFailureIsNotTransient() {
        assertFalse(TransientFailures.isTransient(new AccessDeniedException("/storage/training_clips/a/b/0.wav")));
        assertFalse(TransientFailures.isTransient(new UncheckedIOException(new FileSystemException(
                "/storage/training_clips/a", null, "Read-only file system"))));
        assertFalse(TransientFailures.isTransient(new CompletionException(new AccessDeniedException("/x"))));
    }

    @Test
    void aConnectFailureIsTheDatabasesOnlyWhileGettingItsConnection() {
        ConnectException refused = new ConnectException("Connection refused: /127.0.0.1:5432");
        // From a handler's own call (a provider refusing): the event's failure, dead-lettered in the end.
        assertFalse(TransientFailures.isTransient(refused));
        assertFalse(TransientFailures.isTransient(new java.util.concurrent.TimeoutException("provider")));
        // While getting the connection, before any work: the database's.
        assertTrue(TransientFailures.isConnectFailure(refused));
        assertTrue(TransientFailures.isConnectFailure(new ConnectTimeoutException("connection timed out")));
        assertTrue(TransientFailures.isConnectFailure(new NoStackTraceThrowable("Timeout")));
        assertTrue(TransientFailures.isConnectFailure(new HibernateException(refused)));
        assertTrue(TransientFailures.isTransient(new DatabaseUnavailableException(refused)));
        // A refusal that is not about reaching the database is not.
        assertFalse(TransientFailures.isConnectFailure(pg("28P01")));
        assertFalse(TransientFailures.isConnectFailure(new IllegalStateException("bug")));
    }

    private static String retried(Supplier<Uni<? extends String>> attempt) {
        return Inbox.retried(attempt, CONFIG, new RetryLog(UUID.randomUUID(), EventType.PROFILE_DELETED, CONFIG))
                .await().atMost(Duration.ofSeconds(10));
    }

    private static PgException pg(String sqlState) {
        return new PgException("failure " + sqlState, "ERROR", sqlState, null);
    }
}
