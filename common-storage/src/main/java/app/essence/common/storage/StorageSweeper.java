package app.essence.common.storage;

import app.essence.common.legacy.BackgroundWork;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.time.Instant;
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
    private final StorageConfig.Sweep config;
    private final AtomicBoolean removing = new AtomicBoolean();
    private final AtomicBoolean sweepingStaged = new AtomicBoolean();

    public StorageSweeper(StorageRemovals removals, StorageClient storage, Vertx vertx, StorageConfig config) {
        this.removals = removals;
        this.storage = storage;
        this.vertx = vertx;
        this.config = config.sweep();
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
}
