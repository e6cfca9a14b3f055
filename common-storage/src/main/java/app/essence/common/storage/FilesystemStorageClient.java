package app.essence.common.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Storage in a local folder: the default for a local run and the tests. */
public class FilesystemStorageClient implements StorageClient {
    private static final int CHUNK = 64 * 1024;

    private final Path root;

    public FilesystemStorageClient(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    @Override
    public StoredObject put(String key, InputStream content, long maxBytes, String contentType) throws IOException {
        Path target = resolve(key);
        createFolderOf(target);
        // Written beside the target, then moved over it: a reader never sees half a file, a failure leaves none.
        Path partial = target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".partial");
        boolean moved = false;
        try {
            long written = copyAtMost(content, partial, maxBytes);
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            moved = true;
            return new StoredObject(key, written, contentType);
        } finally {
            if (!moved) {
                Files.deleteIfExists(partial);
            }
        }
    }

    /**
     * Looked at first, as {@code put} deletes its partial file only when it was not moved: the JDK throws and catches
     * an exception when {@link Files#createDirectories} finds the folder or deleteIfExists finds no file.
     */
    private static void createFolderOf(Path file) throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            Files.createDirectories(file.getParent());
        }
    }

    @Override
    public Optional<StoredObject> stat(String key) throws IOException {
        Path path = resolve(key);
        if (!Files.isRegularFile(path)) {
            return Optional.empty();
        }
        return Optional.of(new StoredObject(key, Files.size(path), Files.probeContentType(path)));
    }

    @Override
    public Optional<Path> localFile(String key) {
        Path path = resolve(key);
        return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }

    @Override
    public InputStream get(String key, ByteRange range) throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(resolve(key));
        try {
            channel.position(range.first());
            return new BoundedInputStream(Channels.newInputStream(channel), range.length());
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public void move(String from, String to) throws IOException {
        Path target = resolve(to);
        createFolderOf(target);
        Files.move(resolve(from), target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public boolean delete(String key) throws IOException {
        try {
            Files.delete(resolve(key));
            return true;
        } catch (NoSuchFileException e) {
            return false;
        }
    }

    @Override
    public int deleteAll(String prefix) throws IOException {
        return deleteUnder(prefix, file -> true, true);
    }

    @Override
    public int deleteOlderThan(String prefix, Instant cutoff) throws IOException {
        return deleteUnder(prefix, file -> Files.getLastModifiedTime(file).toInstant().isBefore(cutoff), false);
    }

    /**
     * Walks the folder deleting the files {@code doomed} picks (partial files are files here). Uploads may write
     * into it meanwhile: a file or folder gone under the walk is skipped, a folder that is not empty stays.
     */
    private int deleteUnder(String prefix, FileTest doomed, boolean folders) throws IOException {
        StorageKeys.placeFolder(prefix);
        Path folder = inRoot(prefix);
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int[] deleted = { 0 };
        Files.walkFileTree(folder, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                try {
                    if (doomed.test(file) && Files.deleteIfExists(file)) {
                        deleted[0]++;
                    }
                } catch (NoSuchFileException e) {
                    // removed by someone else meanwhile
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                if (folders) {
                    try {
                        Files.deleteIfExists(dir);
                    } catch (DirectoryNotEmptyException written) {
                        // an upload wrote into it meanwhile: its own cleanup or the next removal takes it
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return deleted[0];
    }

    @FunctionalInterface
    private interface FileTest {
        boolean test(Path file) throws IOException;
    }

    private Path resolve(String key) {
        StorageKeys.placeObject(key);
        return inRoot(key);
    }

    /** Only keys of ours reach here; the root check stays as a second guard. */
    private Path inRoot(String key) {
        Path path = root.resolve(key).normalize();
        if (!path.startsWith(root) || path.equals(root)) {
            throw new IllegalArgumentException("key leaves the storage root: " + key);
        }
        return path;
    }

    private static long copyAtMost(InputStream in, Path target, long maxBytes) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long total = 0;
        try (OutputStream out = Files.newOutputStream(target)) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                total += n;
                if (total > maxBytes) {
                    throw new SizeLimitExceededException(maxBytes);
                }
                out.write(buffer, 0, n);
            }
        }
        return total;
    }
}
