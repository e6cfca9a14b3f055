package app.essence.common.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A real S3 server for the tests: s3proxy (docs/stack.md) in its own process, from the jar deploy/local/s3proxy
 * copies, keeping objects in files as ./essence's does and checking AWS signatures with a fixed identity.
 */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "test-access-key";
    static final String SECRET_KEY = "test-secret-key";

    private final int port = freePort();
    private final Process process;
    private final Path log;

    private S3ProxyServer(Path work) throws IOException {
        String jar = System.getProperty("essence.s3proxy.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new IllegalStateException("no s3proxy jar at essence.s3proxy.jar=" + jar
                    + "; build deploy/local/s3proxy first (mvn -pl common-storage -am does)");
        }
        Path config = Files.writeString(work.resolve("s3proxy.properties"), String.join("\n",
                "s3proxy.endpoint=" + endpoint(),
                "s3proxy.authorization=aws-v2-or-v4",
                "s3proxy.identity=" + ACCESS_KEY,
                "s3proxy.credential=" + SECRET_KEY,
                "jclouds.provider=filesystem", "jclouds.filesystem.basedir=" + Files.createDirectories(work.resolve("data")),
                "jclouds.identity=unused",
                "jclouds.credential=unused",
                ""));
        log = work.resolve("s3proxy.log");
        process = new ProcessBuilder(java(), "-Xmx256m", "-jar", jar, "--properties", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    static S3ProxyServer start() throws IOException {
        S3ProxyServer server = new S3ProxyServer(Files.createTempDirectory("essence-s3proxy-"));
        server.awaitPort(Duration.ofSeconds(30));
        return server;
    }

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    private void awaitPort(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("s3proxy exited, see " + log);
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
        close();
        throw new IllegalStateException("s3proxy not listening after " + timeout + ", see " + log);
    }

    @Override
    public void close() {
        process.destroy();
    }

    private static String java() {
        return ProcessHandle.current().info().command().orElse("java");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
