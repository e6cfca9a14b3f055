package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static app.essence.clips.Clips.storedClip;
import static app.essence.testing.AudioFixtures.toneWav;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.common.storage.StorageKeys;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What an upload, a delete or a deleted profile could not remove at once (a crash, a storage failure, a killed
 * upload), the sweepers remove later; what a row or a request in flight still owns they keep.
 */
@QuarkusTest
class ClipFileSweepTests {
    /** Older than the default staged age (6h): no request owns it any more. */
    private static final FileTime ABANDONED = FileTime.from(Instant.now().minus(Duration.ofHours(7)));

    @Test
    void aLeftOverFileIsRemovedByTheSweeperAndAFileInUseIsKept() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        as(user).body(toneWav(200)).put(clipsOf(profile) + "/1").then().statusCode(201);
        Path inUse = storedClip(user, profile, 1).orElseThrow();
        String leftOverKey = StorageKeys.trainingClip(user, profile, 2, UUID.randomUUID(), "wav");
        Path leftOver = Files.write(Clips.STORAGE.resolve(leftOverKey), toneWav(100));

        // As a crash after the commit would leave them: both scheduled, nothing removed yet.
        update("insert into clip_file_removals (path, profile_id) values (?, ?)",
                Clips.STORAGE.relativize(inUse).toString(), profile);
        update("insert into clip_file_removals (path, profile_id) values (?, ?)", leftOverKey, profile);

        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(leftOver)
                && count("select count(*) from clip_file_removals where profile_id = ?", profile) == 0);
        assertTrue(Files.exists(inUse), "a file a clip row points at is never removed");
        as(user).get(clipsOf(profile) + "/1/audio").then().statusCode(200);
    }

    @Test
    void aFilePlacedByAnUploadThatNeverCommittedGoesOnceItsReservationLapses() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String runningKey = StorageKeys.trainingClip(user, profile, 3, UUID.randomUUID(), "wav");
        String crashedKey = StorageKeys.trainingClip(user, profile, 4, UUID.randomUUID(), "wav");
        Files.createDirectories(Clips.STORAGE.resolve(runningKey).getParent());
        Path running = Files.write(Clips.STORAGE.resolve(runningKey), toneWav(100));
        Path crashed = Files.write(Clips.STORAGE.resolve(crashedKey), toneWav(100));

        // Both placed with their key reserved; one upload is still on its way to the commit, the other crashed
        // before it, long enough ago for its reservation to have lapsed.
        update("insert into clip_file_removals (path, profile_id, not_before) values (?, ?, now() + interval '1 hour')",
                runningKey, profile);
        update("insert into clip_file_removals (path, profile_id, not_before) values (?, ?, now() - interval '1 second')",
                crashedKey, profile);

        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(crashed)
                && count("select count(*) from clip_file_removals where path = ?", crashedKey) == 0);
        assertTrue(Files.exists(running), "the sweep passed it by: an upload still running keeps its file");
        assertEquals(1, count("select count(*) from clip_file_removals where path = ?", runningKey));
    }

    @Test
    void aProfileDeletedWhileAnUploadHoldsItsReservationLeavesThatFileToTheSweeper() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String reservedKey = StorageKeys.trainingClip(user, profile, 3, UUID.randomUUID(), "wav");
        String scheduledKey = StorageKeys.trainingClip(user, profile, 4, UUID.randomUUID(), "wav");
        // An upload reserved its final key and is being judged; an older removal is postponed after a failure.
        update("insert into clip_file_removals (path, profile_id, not_before) values (?, ?, now() + interval '1 hour')",
                reservedKey, profile);
        update("insert into clip_file_removals (path, profile_id, requested_at, not_before) values (?, ?, "
                + "now() - interval '7 hours', now() + interval '1 hour')", scheduledKey, profile);

        KafkaTestClient.publish(new ProfileDeleted(profile, user, null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> as(user).get(clipsOf(profile)).statusCode() == 404
                && count("select count(*) from storage_removals where position(cast(? as text) in key) > 0",
                        profile.toString()) == 0);
        assertEquals(1, count("select count(*) from clip_file_removals where path = ?", reservedKey),
                "the deletion keeps the reservation of an upload still on its way");
        assertEquals(0, count("select count(*) from clip_file_removals where path = ?", scheduledKey),
                "the folders' removal covers what was scheduled");

        // The upload moves its file in after the folders went, then the service crashes before its commit; later
        // the reservation lapses.
        Path placed = Files.write(Files.createDirectories(Clips.STORAGE.resolve(reservedKey).getParent())
                .resolve(Path.of(reservedKey).getFileName().toString()), toneWav(100));
        update("update clip_file_removals set not_before = now() - interval '1 second' where path = ?", reservedKey,
                null);
        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(placed)
                && count("select count(*) from clip_file_removals where path = ?", reservedKey) == 0);
    }

    @Test
    void aFolderRemovalThatDidNotHappenIsRetriedUntilDone() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        String folder = StorageKeys.clipFolders(user, profile).get(0);
        Path file = Files.createDirectories(Clips.STORAGE.resolve(folder)).resolve("0." + UUID.randomUUID() + ".wav");
        Files.write(file, toneWav(100));

        // As a profile deletion leaves it when the storage failed or the service stopped before removing.
        update("insert into storage_removals (key) values (?)", folder, null);

        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(file)
                && count("select count(*) from storage_removals where key = ?", folder) == 0);
    }

    @Test
    void removalsThatKeepFailingNeverHoldUpTheOnesBehindThem() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        // A key that cannot be deleted even by root: a folder with a file in it, where a file was expected.
        List<String> stuck = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            String key = StorageKeys.trainingClip(user, profile, 5, UUID.randomUUID(), "wav");
            Files.write(Files.createDirectories(Clips.STORAGE.resolve(key)).resolve("in-the-way"), new byte[] { 1 });
            stuck.add(key);
        }
        String clipKey = StorageKeys.trainingClip(user, profile, 6, UUID.randomUUID(), "wav");
        String folderKey = StorageKeys.trainingClip(user, profile, 7, UUID.randomUUID(), "wav");
        Path clipFile = Files.write(Clips.STORAGE.resolve(clipKey), toneWav(100));
        Path folderFile = Files.write(Clips.STORAGE.resolve(folderKey), toneWav(100));
        try {
            // The stuck ones were scheduled long before: each queue serves them first, a whole batch of them.
            update("insert into clip_file_removals (path, profile_id, requested_at) values (?, ?, "
                    + "timestamp '2000-01-01')", stuck.get(0), profile);
            update("insert into clip_file_removals (path, profile_id) values (?, ?)", clipKey, profile);
            for (String key : stuck) {
                update("insert into storage_removals (key, requested_at) values (?, timestamp '2000-01-01')", key,
                        null);
            }
            update("insert into storage_removals (key) values (?)", folderKey, null);

            await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(clipFile) && !Files.exists(folderFile));
            assertEquals(1, count("select count(*) from clip_file_removals where path = ?", stuck.get(0)),
                    "what could not be removed stays scheduled");
            assertEquals(1, count("select count(*) from storage_removals where key = ?", stuck.get(0)));
        } finally {
            update("delete from clip_file_removals where path = ?", stuck.get(0), null);
            for (String key : stuck) {
                update("delete from storage_removals where key = ?", key, null);
            }
        }
    }

    @Test
    void staleStagedAndPartialFilesAreSweptAndAnUploadInFlightKeepsItsFile() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        Path staging = Files.createDirectories(Clips.STORAGE.resolve(StorageKeys.clipFolders(user, profile).get(1)));
        Path crashed = Files.write(staging.resolve(UUID.randomUUID() + ".wav"), toneWav(100));
        Path killed = Files.write(staging.resolve("." + UUID.randomUUID() + ".wav." + UUID.randomUUID() + ".partial"),
                new byte[] { 1 });
        Path inFlight = Files.write(staging.resolve("." + UUID.randomUUID() + ".wav." + UUID.randomUUID()
                + ".partial"), new byte[] { 2 });
        for (Path abandoned : List.of(crashed, killed)) {
            Files.setLastModifiedTime(abandoned, ABANDONED);
        }

        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(crashed) && !Files.exists(killed));
        assertTrue(Files.exists(inFlight), "a file written moments ago belongs to an upload still running");
    }

    /** Runs one statement on clips-service's test database, its key first, then its profile if given. */
    static void update(String sql, String key, UUID profile) throws Exception {
        try (Connection db = PostgresResource.connect("essence_clips_test");
                PreparedStatement insert = db.prepareStatement(sql)) {
            insert.setString(1, key);
            if (profile != null) {
                insert.setObject(2, profile);
            }
            insert.executeUpdate();
        }
    }

    private static int count(String sql, Object parameter) throws Exception {
        try (Connection db = PostgresResource.connect("essence_clips_test");
                PreparedStatement count = db.prepareStatement(sql)) {
            count.setObject(1, parameter);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
