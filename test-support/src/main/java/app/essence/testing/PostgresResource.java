package app.essence.testing;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * Gives a test run a fresh database of its own on the real PostgreSQL server (127.0.0.1:5432 by default,
 * {@code essence.test.pg.host/port/user} to change it). The database is named by the init arg {@code database}.
 * Flyway migrates as that user, the owner; the service queries as the runtime role {@link #APP_ROLE}, created here if
 * the cluster has none, so the owned tables' row-level security applies in tests as in production.
 */
public class PostgresResource implements QuarkusTestResourceLifecycleManager {
    /** The services' runtime role in tests (and in ./essence): not the owner, no superuser, subject to RLS. */
    public static final String APP_ROLE = "essence_app";
    /** Roles are cluster-wide and test runs may start together: creating one that exists is not an error. */
    private static final String CREATE_APP_ROLE = "do $$ begin create role " + APP_ROLE + " login; "
            + "exception when duplicate_object or unique_violation then null; end $$";

    private String database;

    @Override
    public void init(Map<String, String> initArgs) {
        database = initArgs.getOrDefault("database", "essence_test");
    }

    @Override
    public Map<String, String> start() {
        String host = System.getProperty("essence.test.pg.host", "127.0.0.1");
        String port = System.getProperty("essence.test.pg.port", "5432");
        String user = System.getProperty("essence.test.pg.user", "postgres");
        try (Connection admin = DriverManager.getConnection("jdbc:postgresql://" + host + ":" + port + "/postgres",
                user, "");
                Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
            statement.execute("create database " + database);
            statement.execute(CREATE_APP_ROLE);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + database + " on " + host + ":" + port
                    + " as " + user + ": " + e.getMessage(), e);
        }
        return Map.of(
                "quarkus.datasource.username", APP_ROLE,
                "quarkus.datasource.password", "",
                "quarkus.flyway.username", user,
                // Quarkus gives Flyway its own user only with a password too; the test server trusts, checks none.
                "quarkus.flyway.password", "local",
                "quarkus.datasource.reactive.url", "postgresql://" + host + ":" + port + "/" + database,
                "quarkus.datasource.jdbc.url", "jdbc:postgresql://" + host + ":" + port + "/" + database);
    }

    /** A JDBC connection to a test database as its owner, for checks a client cannot make over HTTP. */
    public static Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(url(database), System.getProperty("essence.test.pg.user", "postgres"), "");
    }

    /** The JDBC URL of a test database. */
    public static String url(String database) {
        return "jdbc:postgresql://" + System.getProperty("essence.test.pg.host", "127.0.0.1") + ":"
                + System.getProperty("essence.test.pg.port", "5432") + "/" + database;
    }

    /**
     * Creates a database of its own for a test (dropped first if a run left it) with {@code ddl} run in it, such as a
     * legacy database an import reads; answers its {@code postgresql://} URL.
     */
    public static String freshDatabase(String database, String... ddl) throws SQLException {
        try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + database + " with (force)");
            statement.execute("create database " + database);
        }
        try (Connection connection = connect(database); Statement statement = connection.createStatement()) {
            for (String sql : ddl) {
                statement.execute(sql);
            }
        }
        return "postgresql://" + System.getProperty("essence.test.pg.user", "postgres") + "@"
                + System.getProperty("essence.test.pg.host", "127.0.0.1") + ":"
                + System.getProperty("essence.test.pg.port", "5432") + "/" + database;
    }

    @Override
    public void stop() {
        // Kept for inspection after a failed run; the next run drops and recreates it.
    }
}
