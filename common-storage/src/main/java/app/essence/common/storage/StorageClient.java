package app.essence.common.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;

/**
 * Where audio and images live (docs/design.md §6). Blocking and streamed: callers run it on a worker thread and never
 * hold a whole file in memory. Keys come from {@link StorageKeys} only.
 */
public interface StorageClient {

    /**
     * Streams {@code content} to {@code key}, replacing what was there only once all of it has arrived.
     *
     * @throws SizeLimitExceededException after more than {@code maxBytes} bytes; nothing is stored then
     */
    StoredObject put(String key, InputStream content, long maxBytes, String contentType) throws IOException;

    /** The object's size and type, if it exists. */
    Optional<StoredObject> stat(String key) throws IOException;

    /** Opens the object, or only {@code range} of it. The caller closes the stream. */
    InputStream get(String key, ByteRange range) throws IOException;

    /** Moves an object to another key, replacing what was there; readers of {@code to} see the old or the new. */
    void move(String from, String to) throws IOException;

    /** Deletes the object; answers whether there was one. Deleting a missing key is not an error. */
    boolean delete(String key) throws IOException;

    /**
     * Deletes every object whose key starts with {@code prefix}, a folder (it ends with {@code /}), and whatever
     * unfinished writes under it left behind; answers how many files went. An empty or missing folder is not an
     * error. On S3 this is a listing by prefix and a delete of what it lists (and an abort of its multipart
     * uploads).
     */
    int deleteAll(String prefix) throws IOException;

    /**
     * Deletes what under the folder {@code prefix} was last written before {@code cutoff}, unfinished writes
     * included: what crashed or killed uploads left in a staging area. Answers how many files went.
     */
    int deleteOlderThan(String prefix, Instant cutoff) throws IOException;

    /** The object as a local file, where the backend keeps one (filesystem); tools that need to seek use it. */
    default Optional<java.nio.file.Path> localFile(String key) {
        return Optional.empty();
    }

    /**
     * A short-lived address where the client fetches the object itself, with its own Range, where the backend has
     * one: S3 presigns it (docs/storage.md, "Playback"); the filesystem has none and its objects are streamed
     * through the service ({@link RangedDownload}).
     */
    default Optional<URI> downloadUrl(String key, Download download) {
        return Optional.empty();
    }

    default boolean exists(String key) throws IOException {
        return stat(key).isPresent();
    }

    default long size(String key) throws IOException {
        return stat(key).map(StoredObject::sizeBytes).orElseThrow(() -> new java.io.FileNotFoundException(key));
    }

    record StoredObject(String key, long sizeBytes, String contentType) {
    }

    /**
     * How a download URL will be fetched (a URL is signed for one method) and what its answer declares:
     * the type, and the {@code Content-Disposition} of a download to keep (absent for listening).
     */
    record Download(boolean head, String contentType, Optional<String> contentDisposition) {
    }

    /** Thrown by {@link #put} when the body goes past its limit. */
    class SizeLimitExceededException extends IOException {
        private final long limitBytes;

        public SizeLimitExceededException(long limitBytes) {
            super("more than " + limitBytes + " bytes");
            this.limitBytes = limitBytes;
        }

        public long limitBytes() {
            return limitBytes;
        }
    }
}
