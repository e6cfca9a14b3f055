package app.essence.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Map;
import org.junit.jupiter.api.function.Executable;

/**
 * What a service's {@code beforeValidate.sql} callback guarantees for applied migrations whose comments were reworded
 * (docs/DECISIONS.md, "Reworded migration comments"): a history holding a migration's exact old checksum validates
 * and then holds the new one; any other checksum still fails validation.
 */
public final class RewordedMigrationsContract {
    private RewordedMigrationsContract() {
    }

    /**
     * Checks each version of {@code oldChecksums} (version → the checksum the old words had) in the service's migrated
     * test database, {@code validate} being the service's Flyway validation.
     */
    public static void check(String database, Map<String, Integer> oldChecksums, Executable validate)
            throws Throwable {
        try (Connection connection = PostgresResource.connect(database)) {
            for (Map.Entry<String, Integer> reworded : oldChecksums.entrySet()) {
                String version = reworded.getKey();
                int current = checksum(connection, version);

                setChecksum(connection, version, reworded.getValue());
                validate.execute();
                assertEquals(current, checksum(connection, version),
                        "version " + version + ": the old words' checksum is replaced by the current one");

                setChecksum(connection, version, reworded.getValue() + 1);
                try {
                    assertThrows(Exception.class, validate,
                            "version " + version + ": a checksum that is neither the old nor the current one fails");
                } finally {
                    setChecksum(connection, version, current);
                }
                validate.execute();
            }
        }
    }

    private static int checksum(Connection connection, String version) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "select checksum from flyway_schema_history where version = ?")) {
            select.setString(1, version);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                return row.getInt(1);
            }
        }
    }

    private static void setChecksum(Connection connection, String version, int checksum) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "update flyway_schema_history set checksum = ? where version = ?")) {
            update.setInt(1, checksum);
            update.setString(2, version);
            assertEquals(1, update.executeUpdate(), "version " + version + " is in the history");
        }
    }
}
