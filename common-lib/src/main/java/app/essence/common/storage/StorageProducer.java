package app.essence.common.storage;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Chooses the storage backend by {@code essence.storage.type}. */
public class StorageProducer {

    @Produces
    @Singleton
    StorageClient storage(@ConfigProperty(name = "essence.storage.type", defaultValue = "filesystem") String type,
            @ConfigProperty(name = "essence.storage.filesystem.root", defaultValue = ".essence/storage") Path root) {
        if (!"filesystem".equals(type)) {
            throw new IllegalStateException("essence.storage.type=" + type
                    + " is not available in this build; use 'filesystem'");
        }
        return new FilesystemStorageClient(root);
    }
}
