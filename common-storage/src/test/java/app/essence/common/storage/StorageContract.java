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
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What every {@link StorageClient} does, run against each backend: the filesystem and a real S3 server
 * (docs/storage.md, "Tests").
 */
abstract class StorageContract {
    /** Over one S3 part, so a backend that uploads in parts does so here. */
    static final int LARGE = 11 * 1024 * 1024 + 123;

    abstract StorageClient storage();

    /** Everything the backend holds: files, objects, unfinished uploads. */
    abstract long held() throws IOException;

    @Test
    void putThenReadWholeAndRanges() throws IOException {
        StorageClient storage = storage();
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
        assertTrue(storage.stat(key).isEmpty());
        assertFalse(storage.delete(key), "deleting a missing key is not an error");
    }

    @Test
    void aLargeBodyArrivesWholeAndReadsByRangeAcrossItsParts() throws IOException {
        StorageClient storage = storage();
        String key = StorageKeys.message(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        assertEquals(LARGE, storage.put(key, new Pattern(LARGE), LARGE, "audio/mpeg").sizeBytes());
        assertEquals(LARGE, storage.size(key));
        try (InputStream in = storage.get(key, ByteRange.whole(LARGE))) {
            assertArrayEquals(digest(new Pattern(LARGE)), digest(in));
        }
        long boundary = S3Upload.MIN_PART_BYTES * 8 / 5; // 8 MiB, the default part size
        try (InputStream in = storage.get(key, new ByteRange(boundary - 3, boundary + 2))) {
            assertArrayEquals(Pattern.bytes(boundary - 3, 6), in.readAllBytes());
        }
    }

    @Test
    void moveReplacesTheTargetAndLeavesNothingBehind() throws IOException {
        StorageClient storage = storage();
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
        StorageClient storage = storage();
        String key = StorageKeys.avatar(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "png");
        storage.put(key, new ByteArrayInputStream(new byte[10]), 10, "image/png");
        long before = held();
        byte[] big = new byte[11];
        Arrays.fill(big, (byte) 1);
        assertThrows(StorageClient.SizeLimitExceededException.class,
                () -> storage.put(key, new ByteArrayInputStream(big), 10, "image/png"));
        assertThrows(StorageClient.SizeLimitExceededException.class,
                () -> storage.put(key, new Pattern(LARGE), LARGE - 1, "image/png"));
        assertEquals(10, storage.size(key));
        assertEquals(before, held(), "nothing is left behind");
    }

    @Test
    void aBodyThatFailsMidwayLeavesNothingBehind() throws IOException {
        StorageClient storage = storage();
        String key = StorageKeys.incomingClip(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "webm");
        long before = held();
        for (int failAt : List.of(1000, LARGE - 1000)) {
            IOException cut = assertThrows(IOException.class,
                    () -> storage.put(key, new Pattern(LARGE, failAt), LARGE, "audio/webm"));
            assertEquals("connection reset by the client", cut.getMessage());
            assertFalse(storage.exists(key));
            assertEquals(before, held(), "nothing is left behind after a failure at byte " + failAt);
        }
    }

    @Test
    void aProfilesFoldersGoWholeThroughAnyNumberOfListingPagesAndNothingOfAnotherProfile() throws IOException {
        StorageClient storage = storage();
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        List<String> doomed = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            doomed.add(StorageKeys.trainingClip(user, profile, i, UUID.randomUUID(), "wav"));
        }
        doomed.add(StorageKeys.incomingClip(user, profile, UUID.randomUUID(), "wav"));
        String another = StorageKeys.trainingClip(user, UUID.randomUUID(), 4, UUID.randomUUID(), "wav");
        for (String key : concat(doomed, another)) {
            storage.put(key, new ByteArrayInputStream(new byte[] { 1 }), 10, "audio/wav");
        }

        List<String> folders = StorageKeys.clipFolders(user, profile);
        assertEquals(8, storage.deleteAll(folders.get(0)) + storage.deleteAll(folders.get(1)));
        for (String key : doomed) {
            assertFalse(storage.exists(key), key);
        }
        assertTrue(storage.exists(another), "another profile's clip stays");
        assertEquals(0, storage.deleteAll(folders.get(0)), "removing a removed folder is not an error");
    }

    @Test
    void onlyWhatWasWrittenBeforeTheCutoffIsSwept() throws IOException, InterruptedException {
        StorageClient storage = storage();
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        String old = StorageKeys.incomingAvatar(user, profile, UUID.randomUUID(), "png");
        storage.put(old, new ByteArrayInputStream(new byte[] { 1 }), 10, "image/png");
        // S3 keeps modification times to the second: the cutoff and the fresh file lie a second apart from the old.
        Thread.sleep(1100);
        Instant cutoff = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Thread.sleep(1100);
        String fresh = StorageKeys.incomingAvatar(user, profile, UUID.randomUUID(), "png");
        storage.put(fresh, new ByteArrayInputStream(new byte[] { 2 }), 10, "image/png");

        assertEquals(1, storage.deleteOlderThan(StorageKeys.INCOMING_AVATARS, cutoff));
        assertFalse(storage.exists(old));
        assertTrue(storage.exists(fresh), "an upload still in flight keeps its file");
    }

    @Test
    void keysNotBuiltFromOurIdsAreRefused() {
        StorageClient storage = storage();
        UUID id = UUID.randomUUID();
        List<String> refused = List.of("../outside", "training_clips/" + id + "/../../x.wav", "notes/" + id + ".txt",
                "training_clips/" + id + "/" + id + "/my clip.wav", "avatars/" + id + "/" + id + "/x.png",
                "/etc/passwd", "", "messages/" + id + "/" + id + "/" + id + ".mp3/");
        for (String key : refused) {
            assertThrows(IllegalArgumentException.class,
                    () -> storage.put(key, new ByteArrayInputStream(new byte[] { 1 }), 10, "audio/wav"), key);
            assertThrows(IllegalArgumentException.class, () -> storage.stat(key), key);
            assertThrows(IllegalArgumentException.class, () -> storage.get(key, ByteRange.whole(1)), key);
            assertThrows(IllegalArgumentException.class, () -> storage.delete(key), key);
        }
        for (String folder : List.of("training_clips/" + id, "incoming/", "../", "training_clips/x/", "")) {
            assertThrows(IllegalArgumentException.class, () -> storage.deleteAll(folder), folder);
        }
        assertThrows(IllegalArgumentException.class, () -> StorageKeys.avatar(id, id, id, "png/../../x"));
        assertThrows(IllegalArgumentException.class, () -> StorageKeys.trainingClip(id, id, 25, id, "wav"));
    }

    /** A kind's committed folder is a whole bucket on S3: never a folder to remove or sweep; its staging is. */
    @Test
    void aKindIsNoFolderButItsStagingIs() throws IOException {
        StorageClient storage = storage();
        for (String kind : List.of("training_clips/", "avatars/", "messages/")) {
            assertThrows(IllegalArgumentException.class, () -> storage.deleteAll(kind), kind);
            assertThrows(IllegalArgumentException.class, () -> storage.deleteOlderThan(kind, Instant.now()), kind);
        }
        assertEquals(0, storage.deleteOlderThan(StorageKeys.INCOMING_MESSAGES, Instant.now().minusSeconds(3600)));
        assertEquals(0, storage.deleteAll(StorageKeys.userMessageFolders(UUID.randomUUID()).get(0)));
    }

    static byte[] digest(InputStream in) throws IOException {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) != -1) {
                sha.update(buffer, 0, n);
            }
            return sha.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(List<String> keys, String key) {
        List<String> all = new ArrayList<>(keys);
        all.add(key);
        return all;
    }

    /**
     * A body of {@code size} bytes made up as it is read (byte i is i * 31 mod 251), never held whole; it can fail
     * at a given byte as a client's dropped connection does.
     */
    static final class Pattern extends InputStream {
        private final long size;
        private final long failAt;
        private long position;

        Pattern(long size) {
            this(size, Long.MAX_VALUE);
        }

        Pattern(long size, long failAt) {
            this.size = size;
            this.failAt = failAt;
        }

        static byte at(long i) {
            return (byte) (i * 31 % 251);
        }

        static byte[] bytes(long from, int length) {
            byte[] bytes = new byte[length];
            for (int i = 0; i < length; i++) {
                bytes[i] = at(from + i);
            }
            return bytes;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (position >= failAt) {
                throw new IOException("connection reset by the client");
            }
            if (position >= size) {
                return -1;
            }
            int n = (int) Math.min(len, Math.min(size, failAt) - position);
            for (int i = 0; i < n; i++) {
                b[off + i] = at(position + i);
            }
            position += n;
            return n;
        }
    }
}
