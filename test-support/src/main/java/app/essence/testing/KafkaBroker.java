package app.essence.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A real single-node KRaft Kafka broker in its own process, from the jars that {@code deploy/local/kafka} copies.
 * It can be stopped and started again on the same port and data, which the outage tests need.
 */
public final class KafkaBroker {
    private final Path libDir;
    private final Path workDir;
    private final int port;
    private final int controllerPort;
    private Process process;

    public KafkaBroker(Path libDir, Path workDir) {
        this.libDir = libDir;
        this.workDir = workDir;
        this.port = freePort();
        this.controllerPort = freePort();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public synchronized void start() {
        try {
            Path config = workDir.resolve("server.properties");
            if (!Files.exists(config)) {
                Files.createDirectories(workDir);
                Files.writeString(config, properties());
                run(List.of("kafka.tools.StorageTool", "format", "-t", clusterId(), "-c", config.toString()),
                        workDir.resolve("format.log"));
            }
            process = new ProcessBuilder(java(), "-Xmx512m", "-cp", libDir + "/*", "kafka.Kafka", config.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve("broker.log").toFile()))
                    .start();
            awaitPort(Duration.ofSeconds(60));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops the broker as a crash would (SIGKILL), keeping its data for {@link #start()}. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process);
            process = null;
        }
    }

    public synchronized void stop() {
        if (process != null) {
            process.destroy();
            waitFor(process);
            process = null;
        }
    }

    private String properties() {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "num.partitions=3",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.dirs=" + workDir.resolve("data"),
                "");
    }

    /** A random cluster id as Kafka writes them; like Kafka's own, never starting with '-' (read as an option). */
    private static String clusterId() {
        while (true) {
            byte[] bytes = new byte[16];
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer.wrap(bytes).putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits());
            String id = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }

    private void run(List<String> args, Path log) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(java(), "-cp", libDir + "/*"));
        command.addAll(args);
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        if (waitFor(p) != 0) {
            throw new IllegalStateException("kafka storage format failed, see " + log);
        }
    }

    private void awaitPort(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("kafka broker exited, see " + workDir.resolve("broker.log"));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                sleep(100);
            }
        }
        throw new IllegalStateException("kafka broker not listening after " + timeout);
    }

    private static int waitFor(Process p) {
        try {
            return p.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
