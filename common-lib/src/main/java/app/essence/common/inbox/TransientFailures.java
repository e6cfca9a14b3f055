package app.essence.common.inbox;

import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Tells a PostgreSQL outage from a failure of the event itself (docs/DECISIONS.md, "only a database outage is
 * retried forever"). An outage is retried until the database returns, never dead-lettered; anything else (a
 * storage {@code IOException}, a provider's timeout, a bug) is retried a few times and then dead-lettered. A
 * serialization failure or deadlock is a {@linkplain #isConflict conflict}: retried longer, but not forever.
 */
public final class TransientFailures {
    private TransientFailures() {
    }

    /**
     * An outage anywhere in the event's transaction: the connection to PostgreSQL dropped, or PostgreSQL answered
     * with SQLSTATE class 08 (connection), 53 (insufficient resources) or 57P (shutting down), or no connection
     * could be had at all ({@link DatabaseUnavailableException}).
     */
    public static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DatabaseUnavailableException || t instanceof ClosedConnectionException) {
                return true;
            }
            if (t instanceof PgException pg && pg.getSqlState() != null && (pg.getSqlState().startsWith("08")
                    || pg.getSqlState().startsWith("53") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether PostgreSQL rolled the transaction back because it collided with another one: a serialization failure
     * (SQLSTATE 40001) or a deadlock (40P01). Trying again once the other transaction has ended usually succeeds.
     */
    static boolean isConflict(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof PgException pg && ("40001".equals(pg.getSqlState()) || "40P01".equals(pg.getSqlState()))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a failure that happened while getting a connection, before any of the event's own work ran, means
     * PostgreSQL cannot be reached: refused, unreachable or timed out (an I/O or timeout failure), or the pool's
     * wait for a free connection timed out (Vert.x fails it with a bare "Timeout"). Only then is such a failure
     * the database's: the same exception types from a handler's own calls are the event's.
     */
    static boolean isConnectFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof TimeoutException || t instanceof ClosedConnectionException
                    || (t instanceof NoStackTraceThrowable && "Timeout".equals(t.getMessage()))) {
                return true;
            }
        }
        return isTransient(failure);
    }

    /** No connection to PostgreSQL could be had for the event's transaction. */
    static final class DatabaseUnavailableException extends RuntimeException {
        DatabaseUnavailableException(Throwable cause) {
            super("the database is unavailable: " + cause.getMessage(), cause);
        }
    }
}
