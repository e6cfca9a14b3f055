package app.essence.common.inbox;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.inbox.TransientFailures.DatabaseUnavailableException;
import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.util.concurrent.CompletionException;
import org.hibernate.HibernateException;
import org.junit.jupiter.api.Test;

/** Only a PostgreSQL outage is retried until it ends; every other failure is the event's own. */
class TransientFailuresTests {

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
        for (String sqlState : new String[] {"23505", "42P01", "40001", "57014", "P0001", "28P01"}) {
            assertFalse(TransientFailures.isTransient(pg(sqlState)), sqlState);
        }
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

    private static PgException pg(String sqlState) {
        return new PgException("failure " + sqlState, "ERROR", sqlState, null);
    }
}
