package app.essence.common.storage;

import app.essence.common.legacy.ImportedObjects;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/** The legacy import's stored objects, read from this service's storage. */
@ApplicationScoped
public class StorageImportedObjects implements ImportedObjects {
    private final StorageClient storage;

    public StorageImportedObjects(StorageClient storage) {
        this.storage = storage;
    }

    @Override
    public Optional<InputStream> open(String path) throws IOException {
        Optional<StorageClient.StoredObject> stored = storage.stat(path);
        if (stored.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(storage.get(path, ByteRange.whole(stored.get().sizeBytes())));
    }
}
