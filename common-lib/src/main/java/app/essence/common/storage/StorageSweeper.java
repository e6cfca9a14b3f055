package app.essence.common.storage;

import app.essence.common.legacy.BackgroundWork;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Runs in a service that stages uploads (it sets {@code essence.storage.sweep.staged-prefix} and has a
 * {@code storage_removals} table): it carries out the scheduled {@link StorageRemovals} until the storage confirms,
 * and deletes staged and partial files older than the staged age, which no request owns any more (a crash, a
 * killed upload).
 */
@ApplicationScoped
public class StorageSweeper {
    private static final Logger LOG = Logger.getLogger(StorageSweeper.class);

    private final StorageRemovals removals;
    private final StorageClient storage;
    private final Vertx vertx;
    private final Config config;
    private final AtomicBoolean removing = new AtomicBoolean();
    private final AtomicBoolean sweepingStaged = new AtomicBoolean();

    public StorageSweeper(StorageRemovals removals, StorageClient storage, Vertx vertx, Config config) {
        this.removals = removals;
        this.storage = storage;
        this.vertx = vertx;
        this.config = config;
    }

    void start(@Observes BackgroundWork.Start start) {
        config.stagedPrefix().ifPresent(staged -> {
            vertx.setPeriodic(config.removalInterval().toMillis(), id -> once(removing, removals::sweep));
            vertx.setPeriodic(config.stagedInterval().toMillis(),
                    id -> once(sweepingStaged, () -> StorageCalls.onWorker(() -> deleteStale(staged))));
        });
    }

    /** Runs one sweep unless the last one of its kind is still running. */
    private static void once(AtomicBoolean running, Supplier<Uni<Integer>> sweep) {
        if (!running.compareAndSet(false, true)) {
            return;
        }
        sweep.get().onTermination().invoke(() -> running.set(false)).subscribe().with(
                ignored -> {
                },
                failure -> LOG.warnf("storage sweep failed, the next one tries again: %s", failure.getMessage()));
    }

    private int deleteStale(String prefix) throws IOException {
        int stale = storage.deleteOlderThan(prefix, Instant.now().minus(config.stagedAge()));
        if (stale > 0) {
            LOG.infof("removed %d staged files older than %s under %s", stale, config.stagedAge(), prefix);
        }
        return stale;
    }

    /** Settings of the storage sweep, under {@code essence.storage.sweep}. */
    @ConfigMapping(prefix = "essence.storage.sweep")
    public interface Config {
        /** The staging folder of the service's uploads; unset, the service stages nothing and no sweep runs. */
        Optional<String> stagedPrefix();

        /** Older than this, a staged or partial file belongs to no request: well above the longest upload. */
        @WithDefault("6h")
        Duration stagedAge();

        /** How often staged files are checked for their age. */
        @WithDefault("10m")
        Duration stagedInterval();

        /** How often scheduled removals are retried; the first try follows its commit within this time. */
        @WithDefault("5s")
        Duration removalInterval();
    }
}
