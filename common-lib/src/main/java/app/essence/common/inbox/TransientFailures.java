package app.essence.common.inbox;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import java.io.IOException;
import java.util.concurrent.TimeoutException;

/**
 * Failures that say nothing about the event, only that the database is away for now (connection lost, refused,
 * timed out, server shutting down or out of connections). Such an event is retried until the database returns,
 * never sent to the dead-letter topic, where nothing would replay it.
 */
final class TransientFailures {
    private TransientFailures() {
    }

    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ClosedConnectionException || t instanceof IOException
                    || t instanceof TimeoutException) {
                return true;
            }
            // SQLSTATE classes 08 (connection), 53 (insufficient resources), 57P (operator intervention)
            if (t instanceof PgException pg && pg.getSqlState() != null && (pg.getSqlState().startsWith("08")
                    || pg.getSqlState().startsWith("53") || pg.getSqlState().startsWith("57P"))) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
