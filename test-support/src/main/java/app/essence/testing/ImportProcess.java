package app.essence.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * A service's legacy import as its own OS process, started from the packaged jar as {@code ./essence import-legacy}
 * starts it (the launcher's service_java: the "local" profile, the settings through the environment, the import's
 * heap), so a test can kill it as an operator's kill -9 would (docs/legacy-import.md, "Once and only once").
 */
public final class ImportProcess {
    /** What a JVM killed with SIGKILL exits with (128 + 9). */
    public static final int KILLED = 137;

    private final Process process;
    private final Path console;

    private ImportProcess(Process process, Path console) {
        this.process = process;
        this.console = console;
    }

    /**
     * Starts {@code java -jar jar import-legacy --from legacyUrl --report report}, with the launcher's environment for
     * a service whose database is {@code serviceDatabase} (on the test PostgreSQL), whose Kafka is this test run's
     * broker and whose tokens are {@link TestTokens}'; {@code settings} adds or overrides variables.
     */
    public static ImportProcess start(Path jar, String serviceDatabase, String legacyUrl, Path report, Path console,
            Map<String, String> settings) {
        ProcessBuilder builder = new ProcessBuilder(List.of(java(), "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:+ExitOnOutOfMemoryError", "-jar", jar.toString(), "import-legacy", "--from", legacyUrl,
                "--report", report.toString()))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(console.toFile()));
        Map<String, String> env = builder.environment();
        env.put("QUARKUS_PROFILE", "local");
        env.put("QUARKUS_HTTP_PORT", "0");
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", PostgresResource.url(serviceDatabase).substring("jdbc:".length()));
        env.put("KAFKA_BOOTSTRAP_SERVERS", KafkaResource.broker().bootstrapServers());
        env.put("ESSENCE_AUTH_ISSUER", TestTokens.ISSUER);
        env.put("ESSENCE_AUTH_JWT_SECRET", TestTokens.SECRET);
        env.put("ESSENCE_STORAGE_TYPE", "filesystem");
        // Read at start-up, never called by an import: the launcher's local voice engine, here nowhere.
        env.put("ESSENCE_VOICE_LOCAL_URL", "http://127.0.0.1:9");
        env.put("ESSENCE_VOICE_LOCAL_API_KEY", "local-engine-key");
        env.put("ESSENCE_LEGACY_IMPORT_PROGRESS_EVERY", "1s");
        env.putAll(settings);
        try {
            Files.createDirectories(console.toAbsolutePath().getParent());
            return new ImportProcess(builder.start(), console);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills the process with SIGKILL as soon as {@code progress} reaches {@code atLeast}, polled every 50 ms; answers
     * the progress seen at the kill. Fails if the process ended first: the kill would not have been mid-run.
     */
    public long killWhen(LongSupplier progress, long atLeast, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        long seen = progress.getAsLong();
        while (seen < atLeast) {
            if (!process.isAlive()) {
                throw new AssertionError("the import ended (exit " + process.exitValue() + ") at " + seen
                        + " before it could be killed at " + atLeast + ":\n" + console());
            }
            if (Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new AssertionError("the import reached " + seen + " of " + atLeast + " in " + timeout + ":\n"
                        + console());
            }
            sleep(50);
            seen = progress.getAsLong();
        }
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(30));
        return seen;
    }

    /** Waits for the process to end; answers its exit code. */
    public int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("the import did not end within " + timeout + ":\n" + console());
            }
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new IllegalStateException(e);
        }
    }

    /** What the process printed so far. */
    public String console() {
        try {
            return Files.readString(console);
        } catch (IOException e) {
            return "(no console: " + e + ")";
        }
    }

    /** Empties {@code root} (a test's work directory under target/), making it if it is not there. */
    public static void freshDirectory(Path root) throws IOException {
        if (Files.exists(root)) {
            try (Stream<Path> all = Files.walk(root)) {
                for (Path path : all.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Files.createDirectories(root);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
