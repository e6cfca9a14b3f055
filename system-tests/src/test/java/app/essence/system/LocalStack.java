package app.essence.system;

import app.essence.testing.PostgresResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterTestExecutionCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeTestExecutionCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the packaged system exactly as a user does, with {@code ./essence up}, on ports and databases of its own,
 * once for all system tests, and stops it with {@code ./essence down} when they end. Prints what it started and
 * how long each scenario took.
 */
public class LocalStack implements BeforeAllCallback, BeforeTestExecutionCallback, AfterTestExecutionCallback {
    static final int PORT_BASE = 18081;
    static final String KAFKA = "127.0.0.1:19092";
    static final Path ROOT = Path.of(System.getProperty("essence.root", "..")).toAbsolutePath().normalize();
    static final Path HOME = ROOT.resolve("system-tests/target/stack");
    static final Path STORAGE = HOME.resolve("storage");
    static final int GATEWAY_PORT = 18080;
    /** Another prefix (-Dessence.db-prefix) keeps a branch's run off databases another branch migrated. */
    static final String DB_PREFIX = System.getProperty("essence.db-prefix", "essence_system");
    static final List<String> SERVICES = List.of("profiles", "clips", "messages", "billing");
    private static final Map<String, String> ENV = Map.ofEntries(
            Map.entry("ESSENCE_HOME", HOME.toString()),
            Map.entry("ESSENCE_PORT_BASE", String.valueOf(PORT_BASE)),
            Map.entry("ESSENCE_GATEWAY_PORT", String.valueOf(GATEWAY_PORT)),
            // The scenarios run one client as fast as it can: the per-client limit is not what they test.
            Map.entry("ESSENCE_GATEWAY_RATE", "10000"),
            Map.entry("ESSENCE_GATEWAY_BURST", "10000"),
            Map.entry("ESSENCE_GATEWAY_CORS_ORIGINS", GatewayIT.WEB_ORIGIN),
            Map.entry("ESSENCE_KAFKA_PORT", "19092"),
            Map.entry("ESSENCE_KAFKA_CONTROLLER_PORT", "19093"),
            Map.entry("ESSENCE_DB_PREFIX", DB_PREFIX),
            // ChoreographyIT's alice, on family_archive, keeps more profiles than the default allows.
            Map.entry("ESSENCE_PLANS_FAMILY_ARCHIVE_PROFILES", "100"),
            // Why a token is refused, in the services' logs (see explainRefusedToken).
            Map.entry("QUARKUS_LOG_CATEGORY__IO_QUARKUS_SMALLRYE_JWT__LEVEL", "DEBUG"),
            Map.entry("QUARKUS_LOG_CATEGORY__IO_SMALLRYE_JWT__LEVEL", "DEBUG"));

    /** The local voice engine the launcher starts, and the key it accepts (the launcher's default). */
    static final String VOICE_ENGINE_KEY = "local-engine-key";

    static String voiceEngineUrl(String path) {
        return "http://127.0.0.1:" + (PORT_BASE + 9) + path;
    }

    /**
     * Where a client reaches a service's path: the API through the gateway, as clients do; the service's own
     * {@code /q/*} (health, metrics), which the gateway does not expose, directly.
     */
    static String url(String service, String path) {
        if (!path.startsWith("/q/")) {
            return gateway(path);
        }
        int offset = SERVICES.indexOf(service);
        return "http://127.0.0.1:" + (PORT_BASE + offset) + path;
    }

    /** The database a service of the test stack keeps its tables in. */
    static String database(String service) {
        return DB_PREFIX + "_" + service;
    }

    /** A path at the gateway. */
    static String gateway(String path) {
        return "http://127.0.0.1:" + GATEWAY_PORT + path;
    }

    /** A signed access token for a test user, from the launcher itself. */
    static String token(String name) {
        return essence("token", name).trim();
    }

    /** A token the stack refused: prints its claims, the clock, and what the services logged about tokens. */
    static void explainRefusedToken(String token, String uri, String answer) {
        String claims = new String(java.util.Base64.getUrlDecoder().decode(token.split("\\.")[1]),
                StandardCharsets.UTF_8);
        System.out.printf("[system-tests] 401 from %s at %s: %s%n  token claims: %s%n", uri, Instant.now(), answer,
                claims);
        for (String service : List.of("profiles", "clips")) {
            try (var lines = java.nio.file.Files.lines(HOME.resolve("logs/" + service + ".log"))) {
                lines.filter(l -> l.contains("jwt") || l.contains("JWT") || l.contains("SRJWT")).limit(20)
                        .forEach(l -> System.out.println("  " + service + ": " + l));
            } catch (IOException e) {
                System.out.println("  no log of " + service + ": " + e.getMessage());
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent(Running.class, key -> Running.start(), Running.class);
    }

    @Override
    public void beforeTestExecution(ExtensionContext context) {
        context.getStore(ExtensionContext.Namespace.create(LocalStack.class)).put("start", System.nanoTime());
    }

    @Override
    public void afterTestExecution(ExtensionContext context) {
        long start = context.getStore(ExtensionContext.Namespace.create(LocalStack.class)).get("start", Long.class);
        System.out.printf("[system-tests] %-70s %6d ms %s%n", context.getDisplayName(),
                (System.nanoTime() - start) / 1_000_000, context.getExecutionException().isPresent() ? "FAILED" : "ok");
    }

    /** The stack, stopped by JUnit once every test class has run. */
    static final class Running implements ExtensionContext.Store.CloseableResource, AutoCloseable {
        static Running start() {
            Instant start = Instant.now();
            dropDatabases();
            try {
                System.out.println(essence("up"));
            } catch (IllegalStateException e) {
                // What did start must not outlive the failed start and hold the ports of the next run.
                System.out.println(essence("down"));
                throw e;
            }
            System.out.printf("[system-tests] stack started by ./essence up in %d ms%n",
                    Duration.between(start, Instant.now()).toMillis());
            return new Running();
        }

        /**
         * Every run starts from empty databases, which the launcher then creates: what an earlier run left (rows, or
         * the migration history of another branch) must not decide this one.
         */
        private static void dropDatabases() {
            try (Connection admin = PostgresResource.connect("postgres"); Statement statement = admin.createStatement()) {
                for (String service : SERVICES) {
                    statement.execute("drop database if exists " + database(service) + " with (force)");
                }
            } catch (SQLException e) {
                throw new IllegalStateException("could not drop the system tests' databases", e);
            }
        }

        @Override
        public void close() {
            System.out.println(essence("down"));
        }
    }

    static String essence(String... args) {
        return essence(Map.of(), args);
    }

    /** Runs the launcher with extra environment, e.g. settings for the services it starts. */
    static String essence(Map<String, String> extraEnv, String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("essence").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        Map<String, String> env = new HashMap<>(ENV);
        env.putAll(extraEnv);
        builder.environment().putAll(env);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(5, TimeUnit.MINUTES) || process.exitValue() != 0) {
                throw new IllegalStateException("./essence " + String.join(" ", args) + " failed:\n" + output);
            }
            return output;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
