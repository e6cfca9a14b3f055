package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static app.essence.clips.Clips.storedClip;
import static app.essence.testing.AudioFixtures.toneWav;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What an upload or delete could not remove at once (a crash, a storage failure), the sweeper removes later. */
@QuarkusTest
class ClipFileSweepTests {

    @Test
    void aLeftOverFileIsRemovedByTheSweeperAndAFileInUseIsKept() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        as(user).body(toneWav(200)).put(clipsOf(profile) + "/1").then().statusCode(201);
        Path inUse = storedClip(user, profile, 1, "wav");
        Path leftOver = storedClip(user, profile, 2, "wav");
        Files.write(leftOver, toneWav(100));

        // As a crash after the commit would leave them: both scheduled, nothing removed yet.
        schedule(profile, "training_clips/" + user + "/" + profile + "/1.wav");
        schedule(profile, "training_clips/" + user + "/" + profile + "/2.wav");

        await().atMost(Duration.ofSeconds(15)).until(() -> !Files.exists(leftOver) && scheduledFor(profile) == 0);
        assertTrue(Files.exists(inUse), "a file a clip row points at is never removed");
        as(user).get(clipsOf(profile) + "/1/audio").then().statusCode(200);
    }

    private static void schedule(UUID profile, String path) throws Exception {
        try (Connection db = PostgresResource.connect("essence_clips_test");
                PreparedStatement insert = db.prepareStatement(
                        "insert into clip_file_removals (path, profile_id) values (?, ?)")) {
            insert.setString(1, path);
            insert.setObject(2, profile);
            insert.executeUpdate();
        }
    }

    private static int scheduledFor(UUID profile) throws Exception {
        try (Connection db = PostgresResource.connect("essence_clips_test");
                PreparedStatement count = db.prepareStatement(
                        "select count(*) from clip_file_removals where profile_id = ?")) {
            count.setObject(1, profile);
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
