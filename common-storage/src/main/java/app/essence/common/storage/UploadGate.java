package app.essence.common.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What keeps a slow or greedy client from holding every upload slot of an instance (docs/DECISIONS.md, uploads):
 * each user has at most {@code essence.uploads.per-user} uploads in progress (beyond it a 429 problem), and a body
 * must keep up a minimum rate once a grace has passed (else a 408 problem and nothing is stored). A body that stops
 * altogether is cut by {@code quarkus.http.read-timeout}, which closes the connection.
 */
@ApplicationScoped
public class UploadGate {
    private final Config config;
    private final Map<UUID, Integer> inProgress = new ConcurrentHashMap<>();

    public UploadGate(Config config) {
        this.config = config;
    }

    /**
     * Takes one of the user's upload slots until the returned slot is closed.
     *
     * @throws TooManyUploads when the user already has the most uploads in progress
     */
    public Slot admit(UUID userId) {
        boolean[] admitted = { false };
        inProgress.compute(userId, (user, held) -> {
            int now = held == null ? 0 : held;
            if (now >= config.perUser()) {
                return held;
            }
            admitted[0] = true;
            return now + 1;
        });
        if (!admitted[0]) {
            throw new TooManyUploads(config.perUser());
        }
        return () -> inProgress.computeIfPresent(userId, (user, held) -> held <= 1 ? null : held - 1);
    }

    /** The body as a stream that fails with {@link TooSlow} once it falls behind the minimum rate. */
    public InputStream paced(InputStream body) {
        return new PacedInputStream(body, config.minBytesPerSecond(), config.rateGrace().toNanos());
    }

    /** One upload slot of a user; closing it gives it back. */
    @FunctionalInterface
    public interface Slot extends AutoCloseable {
        @Override
        void close();
    }

    /** Settings under {@code essence.uploads}. */
    @ConfigMapping(prefix = "essence.uploads")
    public interface Config {
        /** Uploads (clips and avatars each) one user may have in progress on one instance. */
        @WithDefault("2")
        int perUser();

        /** The slowest average rate a body may arrive at, once the grace has passed. */
        @WithDefault("4096")
        long minBytesPerSecond();

        /** How far behind the minimum rate a body may fall: a slow start, a pause of the network. */
        @WithDefault("10s")
        Duration rateGrace();
    }

    /** Over the per-user limit (HTTP 429). */
    public static class TooManyUploads extends RuntimeException {
        TooManyUploads(int limit) {
            super("you already have " + limit + " uploads in progress; try again when one has finished", null,
                    false, false);
        }
    }

    /** The body fell behind the minimum rate (HTTP 408); an {@link IOException}, as the read that found it. */
    public static class TooSlow extends IOException {
        TooSlow(long minBytesPerSecond) {
            super("the body arrived slower than " + minBytesPerSecond + " bytes per second and was cut off");
        }
    }

    /**
     * Counts what arrives and checks the average rate after each read that brought bytes:
     * {@code read >= rate × (elapsed − grace)}. A body that has all arrived is never cut.
     */
    private static final class PacedInputStream extends FilterInputStream {
        private final long minBytesPerSecond;
        private final long graceNanos;
        private final long start = System.nanoTime();
        private long read;

        PacedInputStream(InputStream in, long minBytesPerSecond, long graceNanos) {
            super(in);
            this.minBytesPerSecond = minBytesPerSecond;
            this.graceNanos = graceNanos;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                counted(1);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                counted(n);
            }
            return n;
        }

        private void counted(int n) throws TooSlow {
            read += n;
            long late = System.nanoTime() - start - graceNanos;
            if (late > 0 && read < minBytesPerSecond * late / 1_000_000_000L) {
                throw new TooSlow(minBytesPerSecond);
            }
        }
    }
}
