package app.essence.common.legacy;

import java.sql.SQLException;

/**
 * The legacy database failed under the run, or its connection did: the run stops with its own exit code and goes on
 * from the ledger when run again. A row's own content never throws it.
 */
final class LegacyUnreachable extends RuntimeException {
    LegacyUnreachable(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    /** Whether {@code e} is the connection's or the server's failure (SQLSTATE classes 08, 53, 57), not a row's. */
    static boolean isOutage(SQLException e) {
        String state = e.getSQLState();
        return state == null || state.startsWith("08") || state.startsWith("53") || state.startsWith("57");
    }
}
