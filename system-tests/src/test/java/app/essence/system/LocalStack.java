package app.essence.system;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts the packaged system exactly as a user does, with {@code ./essence up}, on ports and databases of its own,
 * and stops it with {@code ./essence down}. Prints what it started and how long it took.
 */
public class LocalStack implements BeforeAllCallback, AfterAllCallback {
    static final int PORT_BASE = 18081;
    static final Path ROOT = Path.of(System.getProperty("essence.root", "..")).toAbsolutePath().normalize();
    static final Path HOME = ROOT.resolve("system-tests/target/stack");
    private static final Map<String, String> ENV = Map.of(
            "ESSENCE_HOME", HOME.toString(),
            "ESSENCE_PORT_BASE", String.valueOf(PORT_BASE),
            "ESSENCE_KAFKA_PORT", "19092",
            "ESSENCE_KAFKA_CONTROLLER_PORT", "19093",
            "ESSENCE_DB_PREFIX", "essence_system");

    static String url(String service, String path) {
        int offset = List.of("profiles", "clips", "messages", "billing").indexOf(service);
        return "http://127.0.0.1:" + (PORT_BASE + offset) + path;
    }

    /** A signed access token for a test user, from the launcher itself. */
    static String token(String name) {
        return essence("token", name).trim();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Instant start = Instant.now();
        String out = essence("up");
        System.out.println(out);
        System.out.printf("[system-tests] stack started by ./essence up in %d ms%n",
                Duration.between(start, Instant.now()).toMillis());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        System.out.println(essence("down"));
    }

    static String essence(String... args) {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("essence").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
        builder.environment().putAll(ENV);
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
