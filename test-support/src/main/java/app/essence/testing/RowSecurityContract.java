package app.essence.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.rowsecurity.RowSecurityCheck;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What row-level security guarantees on a service's owned tables (docs/architecture.md, "Row-level security"), checked
 * as the runtime role against the service's migrated test database: a transaction that names no user sees no row, one
 * naming another user sees none of this user's and cannot write one, one naming this user sees them, and the system
 * context sees them too; the service's start check refuses a role RLS does not apply to; the runtime role cannot write
 * the migration history. Each service's test calls it after creating rows for {@code user} through its API.
 */
public final class RowSecurityContract {
    private RowSecurityContract() {
    }

    /**
     * Checks that exactly the tables of {@code ownerColumns} (table → the column holding the owning user's id) have
     * row-level security, and the guarantees above for each, {@code user} having at least one row in each.
     */
    public static void check(String database, Map<String, String> ownerColumns, UUID user) throws SQLException {
        assertEquals(new TreeSet<>(ownerColumns.keySet()), tablesWithRowSecurity(database),
                "the tables with row-level security in " + database);
        assertEquals(Optional.empty(), startCheck(PostgresResource.APP_ROLE, database), "the runtime role is refused");
        String superuser = System.getProperty("essence.test.pg.user", "postgres");
        assertTrue(startCheck(superuser, database).filter(problem -> problem.contains("role " + superuser))
                .isPresent(),
                "a superuser, whom row-level security does not apply to, is not refused");
        assertEquals("42501", refusal(database, "update flyway_schema_history set description = description"),
                "the runtime role may rewrite the migration history");
        UUID other = UUID.randomUUID();
        try (Connection app = DriverManager.getConnection(PostgresResource.url(database), PostgresResource.APP_ROLE,
                "")) {
            app.setAutoCommit(false);
            for (Map.Entry<String, String> owned : ownerColumns.entrySet()) {
                String table = owned.getKey();
                String all = "select count(*) from " + table;
                String mine = all + " where " + owned.getValue() + " = '" + user + "'";
                assertEquals(0, count(app, null, all), table + ": rows seen without a user id");
                assertEquals(0, count(app, "select set_config('essence.user_id', '" + other + "', true)", mine),
                        table + ": this user's rows seen under another user's id");
                assertTrue(count(app, "select set_config('essence.user_id', '" + user + "', true)", mine) > 0,
                        table + ": this user's rows not seen under their own id");
                assertTrue(count(app, "select set_config('essence.context', 'system', true)", mine) > 0,
                        table + ": this user's rows not seen under the system context");
                assertEquals("42501", copyUnder(app, other, table, owned.getValue(), user),
                        table + ": a row of this user's written under another user's id");
            }
        }
    }

    /** The SQLSTATE with which the runtime role is refused {@code statement}; null if it is not. */
    private static String refusal(String database, String statement) throws SQLException {
        try (Connection app = DriverManager.getConnection(PostgresResource.url(database), PostgresResource.APP_ROLE,
                ""); Statement sql = app.createStatement()) {
            sql.execute(statement);
            return null;
        } catch (SQLException e) {
            if (e.getSQLState() == null) {
                throw e;
            }
            return e.getSQLState();
        }
    }

    /** What the service's start check ({@link RowSecurityCheck}) says of {@code role}. */
    private static Optional<String> startCheck(String role, String database) throws SQLException {
        try (Connection connection = DriverManager.getConnection(PostgresResource.url(database), role, "");
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery(RowSecurityCheck.QUERY)) {
            row.next();
            return RowSecurityCheck.problem(row.getString(1), (Boolean) row.getObject(2), row.getLong(3));
        }
    }

    /**
     * Inserts a copy of one of {@code user}'s rows (read under the system context) under {@code other}'s id, in a
     * transaction of its own, rolled back; answers the SQLSTATE it is refused with (the policy's check: 42501), null if
     * it is not. The row's own constraints come after the policy's check, so the copy's duplicate key never answers.
     */
    private static String copyUnder(Connection app, UUID other, String table, String ownerColumn, UUID user)
            throws SQLException {
        try (Statement statement = app.createStatement()) {
            statement.execute("select set_config('essence.context', 'system', true)");
            statement.execute("create temp table written_elsewhere on commit drop as select * from " + table
                    + " where " + ownerColumn + " = '" + user + "' limit 1");
            statement.execute("select set_config('essence.context', '', true), set_config('essence.user_id', '"
                    + other + "', true)");
            statement.executeUpdate("insert into " + table + " select * from written_elsewhere");
            return null;
        } catch (SQLException e) {
            return e.getSQLState();
        } finally {
            app.rollback();
        }
    }

    /** Counts in a transaction of its own, after {@code setting} if any; rolled back, so nothing is left set. */
    private static long count(Connection app, String setting, String query) throws SQLException {
        try (Statement statement = app.createStatement()) {
            if (setting != null) {
                statement.execute(setting);
            }
            try (ResultSet rows = statement.executeQuery(query)) {
                rows.next();
                return rows.getLong(1);
            }
        } finally {
            app.rollback();
        }
    }

    private static Set<String> tablesWithRowSecurity(String database) throws SQLException {
        Set<String> tables = new TreeSet<>();
        try (Connection owner = PostgresResource.connect(database);
                PreparedStatement query = owner.prepareStatement("select relname from pg_class "
                        + "where relrowsecurity and relnamespace = 'public'::regnamespace");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }
}
