package app.essence.common.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemStorageClientTests {
    @TempDir
    Path root;

    @Test
    void putThenReadWholeAndRanges() throws IOException {
        StorageClient storage = new FilesystemStorageClient(root);
        String key = StorageKeys.trainingClip(UUID.randomUUID(), UUID.randomUUID(), 3, UUID.randomUUID(), "webm");
        byte[] data = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        assertEquals(16, storage.put(key, new ByteArrayInputStream(data), 100, "audio/webm").sizeBytes());
        assertTrue(storage.exists(key));
        assertEquals(16, storage.size(key));
        try (InputStream in = storage.get(key, ByteRange.whole(16))) {
            assertArrayEquals(data, in.readAllBytes());
        }
        try (InputStream in = storage.get(key, new ByteRange(10, 12))) {
            assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), in.readAllBytes());
        }
        assertTrue(storage.delete(key));
        assertFalse(storage.exists(key));
        assertFalse(storage.delete(key));
    }

    @Test
    void moveReplacesTheTargetAndLeavesNothingBehind() throws IOException {
        StorageClient storage = new FilesystemStorageClient(root);
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        String staged = StorageKeys.incomingClip(user, profile, UUID.randomUUID(), "wav");
        String target = StorageKeys.trainingClip(user, profile, 0, UUID.randomUUID(), "wav");
        storage.put(target, new ByteArrayInputStream(new byte[] { 1 }), 10, "audio/wav");
        storage.put(staged, new ByteArrayInputStream(new byte[] { 2, 2 }), 10, "audio/wav");
        storage.move(staged, target);
        assertFalse(storage.exists(staged));
        try (InputStream in = storage.get(target, ByteRange.whole(2))) {
            assertArrayEquals(new byte[] { 2, 2 }, in.readAllBytes());
        }
    }

    @Test
    void overTheLimitStoresNothingAndKeepsThePreviousObject() throws IOException {
        StorageClient storage = new FilesystemStorageClient(root);
        String key = StorageKeys.avatar(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "png");
        storage.put(key, new ByteArrayInputStream(new byte[10]), 10, "image/png");
        byte[] big = new byte[11];
        Arrays.fill(big, (byte) 1);
        assertThrows(StorageClient.SizeLimitExceededException.class,
                () -> storage.put(key, new ByteArrayInputStream(big), 10, "image/png"));
        assertEquals(10, storage.size(key));
        try (var files = Files.walk(root)) {
            assertEquals(1, files.filter(Files::isRegularFile).count(), "no partial file is left behind");
        }
    }

    @Test
    void aProfilesFoldersGoWholeWithPartialFilesAndNothingOfAnotherProfile() throws IOException {
        StorageClient storage = new FilesystemStorageClient(root);
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        String committed = StorageKeys.trainingClip(user, profile, 4, UUID.randomUUID(), "wav");
        String staged = StorageKeys.incomingClip(user, profile, UUID.randomUUID(), "wav");
        String another = StorageKeys.trainingClip(user, UUID.randomUUID(), 4, UUID.randomUUID(), "wav");
        for (String key : List.of(committed, staged, another)) {
            storage.put(key, new ByteArrayInputStream(new byte[] { 1 }), 10, "audio/wav");
        }
        Path killedUpload = partialBeside(staged);

        List<String> folders = StorageKeys.clipFolders(user, profile);
        assertEquals(3, storage.deleteAll(folders.get(0)) + storage.deleteAll(folders.get(1)));
        assertFalse(storage.exists(committed));
        assertFalse(storage.exists(staged));
        assertFalse(Files.exists(killedUpload));
        assertFalse(Files.exists(root.resolve(folders.get(0))), "the folder itself goes too");
        assertTrue(storage.exists(another), "another profile's clip stays");
        assertEquals(0, storage.deleteAll(folders.get(0)), "removing a removed folder is not an error");
        assertThrows(IllegalArgumentException.class, () -> storage.deleteAll("training_clips/" + user));
    }

    @Test
    void onlyStagedAndPartialFilesOlderThanTheCutoffAreSwept() throws IOException {
        StorageClient storage = new FilesystemStorageClient(root);
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

    /** What a killed upload leaves: the partial file put() writes beside its key. */
    private Path partialBeside(String key) throws IOException {
        Path target = root.resolve(key);
        return Files.write(target.resolveSibling("." + target.getFileName() + "." + UUID.randomUUID() + ".partial"),
                new byte[] { 9 });
    }

    @Test
    void keysCannotLeaveTheRoot() {
        StorageClient storage = new FilesystemStorageClient(root);
        assertThrows(IllegalArgumentException.class, () -> storage.stat("../outside"));
        assertThrows(IllegalArgumentException.class, () -> StorageKeys.avatar(UUID.randomUUID(), UUID.randomUUID(),
                UUID.randomUUID(), "png/../../x"));
        assertThrows(IllegalArgumentException.class, () -> StorageKeys.trainingClip(UUID.randomUUID(),
                UUID.randomUUID(), 25, UUID.randomUUID(), "wav"));
    }

    @Test
    void rangeHeadersAreReadAsHttpSays() {
        assertEquals(new ByteRange(0, 99), ByteRange.parse("bytes=0-99", 1000).orElseThrow());
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=-100", 1000).orElseThrow());
        assertEquals(new ByteRange(500, 999), ByteRange.parse("bytes=500-", 1000).orElseThrow());
        assertEquals(new ByteRange(990, 999), ByteRange.parse("bytes=990-5000", 1000).orElseThrow());
        assertTrue(ByteRange.parse(null, 1000).isEmpty());
        assertTrue(ByteRange.parse("bytes=0-1,5-6", 1000).isEmpty());
        assertTrue(ByteRange.parse("bytes=5-3", 1000).isEmpty(), "an invalid range is ignored, not refused");
        ByteRange.Unsatisfiable beyond = assertThrows(ByteRange.Unsatisfiable.class,
                () -> ByteRange.parse("bytes=1000-", 1000));
        assertEquals("bytes */1000", beyond.contentRange());
        assertEquals("bytes 0-99/1000", new ByteRange(0, 99).contentRange(1000));
    }
}
