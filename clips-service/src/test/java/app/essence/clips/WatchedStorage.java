package app.essence.clips;

import app.essence.common.storage.ByteRange;
import app.essence.common.storage.FilesystemStorageClient;
import app.essence.common.storage.StorageClient;
import app.essence.common.storage.StorageConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.inject.Alternative;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The tests' storage: the filesystem one, with a hook a test may set to look at the database while a file is
 * written over or removed (ClipStorageCallsTests). Unset, it only passes calls on.
 */
class WatchedStorage implements StorageClient {
    /** Called with the key before each move (its target) and delete. */
    static volatile Consumer<String> onChange;

    private final StorageClient files;

    private WatchedStorage(StorageClient files) {
        this.files = files;
    }

    static class Producer {
        @Produces
        @Singleton
        @Alternative
        @Priority(1)
        StorageClient storage(StorageConfig config) {
            return new WatchedStorage(new FilesystemStorageClient(config.filesystem().root()));
        }
    }

    private static void changing(String key) {
        Consumer<String> hook = onChange;
        if (hook != null) {
            hook.accept(key);
        }
    }

    @Override
    public StoredObject put(String key, InputStream content, long maxBytes, String contentType) throws IOException {
        return files.put(key, content, maxBytes, contentType);
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        return files.stat(key);
    }

    @Override
    public InputStream get(String key, ByteRange range) throws IOException {
        return files.get(key, range);
    }

    @Override
    public void move(String from, String to) throws IOException {
        changing(to);
        files.move(from, to);
    }

    @Override
    public boolean delete(String key) throws IOException {
        changing(key);
        return files.delete(key);
    }

    @Override
    public int deleteAll(String prefix) throws IOException {
        return files.deleteAll(prefix);
    }

    @Override
    public int deleteOlderThan(String prefix, Instant cutoff) throws IOException {
        return files.deleteOlderThan(prefix, cutoff);
    }

    @Override
    public Optional<Path> localFile(String key) {
        return files.localFile(key);
    }

    @Override
    public Optional<URI> downloadUrl(String key, Download download) {
        return files.downloadUrl(key, download);
    }
}
