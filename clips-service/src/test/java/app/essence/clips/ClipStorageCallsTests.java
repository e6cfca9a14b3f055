package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static app.essence.testing.AudioFixtures.toneWav;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * No storage call of a clip upload runs inside a database transaction (docs/storage.md, "Deadlines and
 * transactions"): while a file moves to its final key or a replaced take's file is removed, the profile's row is
 * free, so a slow or stalled S3 never holds the profile's other changes.
 */
@QuarkusTest
class ClipStorageCallsTests {
    @Inject
    Pool database;

    @AfterEach
    void unhook() {
        WatchedStorage.onChange = null;
    }

    @Test
    void theProfilesRowIsFreeWhileAnUploadsFilesMoveAndGo() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        as(user).body(toneWav(400)).put(clipsOf(profile) + "/2").then().statusCode(201);
        List<String> seen = new CopyOnWriteArrayList<>();
        WatchedStorage.onChange = key -> {
            if (key.startsWith("training_clips/")) { // a final key: staged files are nobody's
                seen.add(rowLock(profile));
            }
        };

        as(user).body(toneWav(500)).put(clipsOf(profile) + "/2").then().statusCode(200);

        // The re-recording's move to its own key, then the replaced take's removal.
        assertEquals(List.of("free", "free"), seen);
    }

    /** Tries the profile's replica row from another connection without waiting. */
    private String rowLock(UUID profile) {
        try {
            database.preparedQuery("select 1 from profile_owners where profile_id = $1 for update nowait")
                    .execute(Tuple.of(profile)).await().atMost(Duration.ofSeconds(5));
            return "free";
        } catch (RuntimeException e) {
            return "locked";
        }
    }
}
