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
import java.util.Arrays;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FilesystemStorageClientTests {
    @TempDir
    Path root;

    @Test
    void putThenReadWholeAndRanges() throws IOException {
        StorageClient storage = new FilesystemStorageClient(root);
        String key = StorageKeys.trainingClip(UUID.randomUUID(), UUID.randomUUID(), 3, "webm");
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
        String target = StorageKeys.trainingClip(user, profile, 0, "wav");
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
        String key = StorageKeys.avatar(UUID.randomUUID(), UUID.randomUUID(), "png");
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
    void keysCannotLeaveTheRoot() {
        StorageClient storage = new FilesystemStorageClient(root);
        assertThrows(IllegalArgumentException.class, () -> storage.stat("../outside"));
        assertThrows(IllegalArgumentException.class, () -> StorageKeys.avatar(UUID.randomUUID(), UUID.randomUUID(),
                "png/../../x"));
        assertThrows(IllegalArgumentException.class, () -> StorageKeys.trainingClip(UUID.randomUUID(),
                UUID.randomUUID(), 25, "wav"));
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
