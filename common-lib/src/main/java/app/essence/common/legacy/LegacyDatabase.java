package app.essence.common.legacy;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Properties;

/**
 * The product's current database, read over JDBC: {@code postgresql://[user@]host[:port]/database[?…]} (the form the
 * services' own reactive URLs take). The password comes from {@code PGPASSWORD} only: one in the URL (as its user's
 * or as a {@code password} or {@code sslpassword} parameter) is refused, so
 * it is never on a command line, in a process list or a shell's history. Only {@link #describe()} is ever shown or
 * stored.
 */
public record LegacyDatabase(String jdbcUrl, String user, String password, String describe) {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    public static LegacyDatabase parse(String url) {
        return parse(url, System.getenv("PGPASSWORD"));
    }

    static LegacyDatabase parse(String url, String pgPassword) {
        String plain = url.startsWith("jdbc:") ? url.substring("jdbc:".length()) : url;
        URI uri;
        try {
            uri = URI.create(plain.startsWith("postgres://") ? "postgresql" + plain.substring("postgres".length())
                    : plain);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--from is not a postgresql:// URL");
        }
        if (!"postgresql".equals(uri.getScheme()) || uri.getHost() == null || uri.getPath() == null
                || uri.getPath().length() < 2) {
            throw new IllegalArgumentException("--from must be postgresql://[user@]host[:port]/database");
        }
        String user = "postgres";
        String password = pgPassword;
        if (uri.getRawUserInfo() != null) {
            String[] parts = uri.getRawUserInfo().split(":", 2);
            if (parts.length == 2) {
                throw new IllegalArgumentException("--from holds a password: give it in PGPASSWORD instead "
                        + "(a command line is seen by anyone who lists processes)");
            }
            user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
        }
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                String name = URLDecoder.decode(parameter.split("=", 2)[0], StandardCharsets.UTF_8);
                if (name.equalsIgnoreCase("password") || name.equalsIgnoreCase("sslpassword")) {
                    throw new IllegalArgumentException("--from holds a password (" + name + "=): give it in "
                            + "PGPASSWORD instead (a command line is seen by anyone who lists processes)");
                }
            }
        }
        String hostPort = uri.getHost() + (uri.getPort() > 0 ? ":" + uri.getPort() : "");
        String jdbc = "jdbc:postgresql://" + hostPort + uri.getRawPath()
                + (uri.getRawQuery() != null ? "?" + uri.getRawQuery() : "");
        return new LegacyDatabase(jdbc, user, password, hostPort + uri.getRawPath());
    }

    /**
     * A connection whose every wait ends: connecting within {@link #CONNECT_TIMEOUT}, a read within
     * {@code socketTimeout} (a query that answers nothing for that long is taken as a lost connection, exit 5), and
     * TCP keepalive, so a peer gone silently is noticed.
     */
    public Connection connect(Duration socketTimeout) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, properties(socketTimeout));
    }

    Properties properties(Duration socketTimeout) {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        if (password != null) {
            properties.setProperty("password", password);
        }
        properties.setProperty("ApplicationName", "essence-legacy-import");
        properties.setProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        properties.setProperty("socketTimeout", Long.toString(Math.max(1, socketTimeout.toSeconds())));
        properties.setProperty("tcpKeepAlive", "true");
        return properties;
    }

    @Override
    public String toString() {
        return describe;
    }
}
