package app.essence.clips;

import app.essence.common.storage.FilesystemStorageClient;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The service's filesystem storage, except that a test can make keys under a prefix unwritable: every write there
 * then fails as a storage whose permissions were taken away does, with an {@link AccessDeniedException}.
 */
@Alternative
@Priority(1)
@Singleton
public class UnwritableStorage extends FilesystemStorageClient {
    private static final Set<String> UNWRITABLE = ConcurrentHashMap.newKeySet();

    public UnwritableStorage(@ConfigProperty(name = "essence.storage.filesystem.root") Path root) {
        super(root);
    }

    static void deny(String prefix) {
        UNWRITABLE.add(prefix);
    }

    static void allow(String prefix) {
        UNWRITABLE.remove(prefix);
    }

    @Override
    public StoredObject put(String key, InputStream content, long maxBytes, String contentType) throws IOException {
        refuseUnderDeniedPrefix(key);
        return super.put(key, content, maxBytes, contentType);
    }

    @Override
    public void move(String from, String to) throws IOException {
        refuseUnderDeniedPrefix(from);
        refuseUnderDeniedPrefix(to);
        super.move(from, to);
    }

    @Override
    public boolean delete(String key) throws IOException {
        refuseUnderDeniedPrefix(key);
        return super.delete(key);
    }

    private static void refuseUnderDeniedPrefix(String key) throws AccessDeniedException {
        if (UNWRITABLE.stream().anyMatch(key::startsWith)) {
            throw new AccessDeniedException(key, null, "Permission denied");
        }
    }
}
