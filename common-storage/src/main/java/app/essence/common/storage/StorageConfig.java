package app.essence.common.storage;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * Storage's keys, under {@code essence.storage} (docs/storage.md): the backend, the filesystem one's folder and the
 * sweep. The S3 backend's own keys, {@code essence.storage.s3.*}, are {@link S3Settings}'.
 */
@ConfigMapping(prefix = "essence.storage")
public interface StorageConfig {
    /** The backend: {@code filesystem} or {@code s3} ({@link StorageProducer}). */
    @WithDefault("filesystem")
    String type();

    Filesystem filesystem();

    Sweep sweep();

    interface Filesystem {
        /** The folder the filesystem backend keeps its files in. */
        @WithDefault(".essence/storage")
        Path root();
    }

    /** The {@link StorageSweeper}'s settings. */
    interface Sweep {
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
