package app.essence.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage contract on the filesystem, and what only the filesystem has: partial files beside their keys. */
class FilesystemStorageClientTests extends StorageContract {
    @TempDir
    Path root;

    @Override
    StorageClient storage() {
        return new FilesystemStorageClient(root);
    }

    @Override
    long held() throws IOException {
        try (var files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    @Test
    void aProfilesFoldersGoWithTheirPartialFilesAndTheFoldersThemselves() throws IOException {
        StorageClient storage = storage();
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        String committed = StorageKeys.trainingClip(user, profile, 4, UUID.randomUUID(), "wav");
        String staged = StorageKeys.incomingClip(user, profile, UUID.randomUUID(), "wav");
        for (String key : List.of(committed, staged)) {
            storage.put(key, new ByteArrayInputStream(new byte[] { 1 }), 10, "audio/wav");
        }
        Path killedUpload = partialBeside(staged);

        List<String> folders = StorageKeys.clipFolders(user, profile);
        assertEquals(3, storage.deleteAll(folders.get(0)) + storage.deleteAll(folders.get(1)));
        assertFalse(Files.exists(killedUpload));
        assertFalse(Files.exists(root.resolve(folders.get(0))), "the folder itself goes too");
    }

    @Test
    void onlyStagedAndPartialFilesOlderThanTheCutoffAreSwept() throws IOException {
        StorageClient storage = storage();
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        String old = StorageKeys.incomingClip(user, profile, UUID.randomUUID(), "wav");
        String fresh = StorageKeys.incomingClip(user, profile, UUID.randomUUID(), "wav");
        storage.put(old, new ByteArrayInputStream(new byte[] { 1 }), 10, "audio/wav");
        storage.put(fresh, new ByteArrayInputStream(new byte[] { 2 }), 10, "audio/wav");
        Path oldPartial = partialBeside(old);
        Path freshPartial = partialBeside(fresh);
        Instant cutoff = Instant.now().minus(Duration.ofHours(1));
        for (Path file : List.of(root.resolve(old), oldPartial)) {
            Files.setLastModifiedTime(file, FileTime.from(cutoff.minusSeconds(1)));
        }

        assertEquals(2, storage.deleteOlderThan(StorageKeys.INCOMING_CLIPS, cutoff));
        assertFalse(storage.exists(old));
        assertFalse(Files.exists(oldPartial));
        assertTrue(storage.exists(fresh), "an upload still in flight keeps its file");
        assertTrue(Files.exists(freshPartial));
    }

    @Test
    void objectsAreStreamedThroughTheServiceNeverHandedOutAsUrls() throws IOException {
        StorageClient storage = storage();
        String key = StorageKeys.message(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        storage.put(key, new ByteArrayInputStream(new byte[] { 1 }), 10, "audio/mpeg");
        assertTrue(storage.downloadUrl(key, new StorageClient.Download(false, "audio/mpeg", java.util.Optional.empty()))
                .isEmpty());
    }

    /** What a killed upload leaves: the partial file put() writes beside its key. */
    private Path partialBeside(String key) throws IOException {
        Path target = root.resolve(key);
        return Files.write(target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".partial"),
                new byte[] { 9 });
    }
}
