package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static app.essence.clips.Clips.filesOf;
import static app.essence.testing.AudioFixtures.mp3Header;
import static app.essence.testing.AudioFixtures.toneWav;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Changes of one prompt racing each other: whatever order they commit in, the row and the file agree, and no
 * file is left that nothing points at.
 */
@QuarkusTest
class ClipConcurrencyTests {
    private static final ExecutorService CLIENTS = Executors.newFixedThreadPool(4);
    private static final int ROUNDS = 8;

    @AfterAll
    static void stop() {
        CLIENTS.shutdownNow();
    }

    @Test
    void twoRecordingsOfOnePromptInDifferentFormatsLeaveOneFileTheRowDescribes() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        for (int round = 0; round < ROUNDS; round++) {
            byte[] wav = toneWav(200 + round);
            byte[] mp3 = mp3Header(3000 + round);
            both(() -> as(user).body(wav).put(clipsOf(profile) + "/4").statusCode(),
                    () -> as(user).body(mp3).put(clipsOf(profile) + "/4").statusCode());
            assertRowAndFilesAgree(user, profile, 4);
        }
    }

    @Test
    void aDeleteRacingAReRecordLeavesEitherBothOrNothing() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        for (int round = 0; round < ROUNDS; round++) {
            as(user).body(toneWav(100)).put(clipsOf(profile) + "/6").then().statusCode(org.hamcrest.Matchers
                    .oneOf(200, 201));
            byte[] wav = toneWav(300 + round);
            both(() -> as(user).delete(clipsOf(profile) + "/6").statusCode(),
                    () -> as(user).body(wav).put(clipsOf(profile) + "/6").statusCode());
            assertRowAndFilesAgree(user, profile, 6);
        }
    }

    private static void both(Callable<Integer> first, Callable<Integer> second) throws Exception {
        Future<Integer> a = CLIENTS.submit(first);
        Future<Integer> b = CLIENTS.submit(second);
        assertTrue(a.get() < 300 && b.get() < 300, "both requests succeed: " + a.get() + ", " + b.get());
    }

    /** The prompt's row (if any) points at the only file of the profile, and its size is that file's. */
    private static void assertRowAndFilesAgree(UUID user, UUID profile, int prompt) throws IOException {
        JsonPath clip = as(user).get(clipsOf(profile)).then().statusCode(200).extract().jsonPath();
        boolean recorded = clip.getBoolean("items[" + prompt + "].recorded");
        List<Path> files = filesOf(user, profile);
        if (!recorded) {
            assertEquals(List.of(), files, "no row, no file");
            return;
        }
        assertEquals(1, files.size(), "exactly one file for the one row: " + files);
        String extension = clip.getString("items[" + prompt + "].mime_type").equals("audio/mpeg") ? "mp3" : "wav";
        String name = files.get(0).getFileName().toString();
        assertTrue(name.startsWith(prompt + ".") && name.endsWith("." + extension), name);
        assertEquals(clip.getInt("items[" + prompt + "].size_bytes"), Files.size(files.get(0)));
    }
}
