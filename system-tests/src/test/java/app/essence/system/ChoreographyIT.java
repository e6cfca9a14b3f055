package app.essence.system;

import static app.essence.testing.AudioFixtures.mp3Header;
import static app.essence.testing.AudioFixtures.toneWav;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.ConsumerLag;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The services as one system: a clip recorded in clips-service shows in profiles-service, a deleted profile
 * disappears from clips-service, and no fault (a killed service, an absent broker, a replay) loses an event or
 * applies one twice. After every scenario each profile used so far shows the same count in both services. Each
 * scenario makes the profiles it needs, so they pass in any order.
 */
@ExtendWith(LocalStack.class)
class ChoreographyIT {
    private static final byte[] CLIP = toneWav(400);
    /** Every live profile used here and the number of clips it must have: the no-loss, no-duplicate check. */
    private static final Map<String, Integer> EXPECTED = new LinkedHashMap<>();
    /** How many clip changes (uploads and deletes that succeeded) each profile had: one event each, no more. */
    private static final Map<String, Integer> CHANGES = new java.util.HashMap<>();
    private static Client alice;
    private static Client bob;

    @BeforeAll
    static void users() {
        // Users of this run only: the stack's databases outlive a run, and alice's profiles add up.
        String run = java.util.UUID.randomUUID().toString().substring(0, 8);
        alice = Client.named("alice-choreography-" + run);
        bob = Client.named("bob-choreography-" + run);
        // Alice keeps many profiles (LocalStack raises the family_archive number for the system tests).
        alice.holdPlan("family_archive");
    }

    @Test
    void aClipUploadedRightAfterTheProfileIsCreatedIsCountedWithinTwoSeconds() {
        for (int i = 0; i < 5; i++) {
            String profile = alice.createProfile("Nana " + i);
            assertEquals(201, upload(profile, 0, CLIP), "upload at once after creating the profile");
            long start = System.nanoTime();
            await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20))
                    .until(() -> alice.clipCount(profile) == 1);
            System.out.printf("[system-tests] create + upload: count visible %d ms after the upload answered%n",
                    (System.nanoTime() - start) / 1_000_000);
            EXPECTED.put(profile, 1);
        }
    }

    @Test
    void reRecordDeleteAndRangeRead() {
        String profile = alice.createProfile("Grandad");
        assertEquals(201, upload(profile, 0, CLIP));
        assertEquals(201, upload(profile, 1, CLIP));
        byte[] mp3 = mp3Header(3000);
        assertEquals(200, upload(profile, 1, mp3), "a re-record replaces the clip");
        byte[] head = alice.http().header("Range", "bytes=0-9").get(Client.clipUrl(profile, 1) + "/audio").then()
                .statusCode(206).header("Content-Range", "bytes 0-9/3000").extract().asByteArray();
        assertArrayEquals(Arrays.copyOf(mp3, 10), head);
        awaitCount(profile, 2);
        alice.http().delete(Client.clipUrl(profile, 0)).then().statusCode(204);
        CHANGES.merge(profile, 1, Integer::sum);
        awaitCount(profile, 1);
        EXPECTED.put(profile, 1);
        assertConsistent();
    }

    @Test
    void anotherUserCannotSeeOrTouchTheProfileOrItsClips() {
        String profile = profileWithOneClip("Not for Bob");
        EXPECTED.put(profile, 1);
        bob.http().get(LocalStack.url("profiles", "/v1/profiles/" + profile)).then().statusCode(404);
        bob.http().get(Client.clipsUrl(profile)).then().statusCode(404);
        bob.http().get(Client.clipUrl(profile, 0)).then().statusCode(404);
        bob.http().get(Client.clipUrl(profile, 0) + "/audio").then().statusCode(404);
        assertEquals(404, bob.upload(profile, 0, CLIP));
        assertEquals(404, bob.upload(profile, 7, CLIP));
        bob.http().delete(Client.clipUrl(profile, 0)).then().statusCode(404);
        // A profile so new that clips-service may not know it yet: asked with bob's token, profiles-service says 404.
        String fresh = alice.createProfile("Brand new");
        assertEquals(404, bob.upload(fresh, 0, CLIP));
        bob.http().get(Client.clipsUrl(fresh)).then().statusCode(404);
        alice.http().get(Client.clipsUrl(fresh)).then().statusCode(200);
        assertConsistent();
    }

    @Test
    void deletingTheProfileRemovesItsClipsAndFiles() throws IOException {
        String profile = alice.createProfile("Leaving");
        for (int i = 0; i < 3; i++) {
            assertEquals(201, upload(profile, i, CLIP));
        }
        Path folder = LocalStack.STORAGE.resolve("training_clips/" + alice.userId() + "/" + profile);
        assertEquals(3, filesIn(folder));
        alice.http().delete(LocalStack.url("profiles", "/v1/profiles/" + profile)).then().statusCode(204);
        // Scenarios run in any order: after one that killed a service, its consumer group waits out the dead member's
        // session (45 s) before events flow again.
        await().atMost(Duration.ofSeconds(90)).until(() -> alice.http().get(Client.clipsUrl(profile))
                .statusCode() == 404 && filesIn(folder) == 0);
        assertEquals(404, upload(profile, 5, CLIP));
        assertEquals(0, filesIn(folder));
    }

    @Test
    void killingClipsServiceWithCommittedUnpublishedUploadsLosesNothing() {
        String profile = profileWithOneClip("Kept through a crash");
        LocalStack.essence("stop", "clips");
        LocalStack.essence(Map.of("ESSENCE_OUTBOX_RELAY_ENABLED", "false"), "up");
        try {
            for (int i = 1; i <= 5; i++) {
                assertEquals(201, upload(profile, i, CLIP));
            }
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
                    .until(() -> alice.clipCount(profile) == 1);
        } finally {
            LocalStack.essence("stop", "clips", "--kill");
            LocalStack.essence("up");
        }
        awaitCount(profile, 6);
        EXPECTED.put(profile, 6);
        assertConsistent();
    }

    @Test
    void uploadsGoOnWhileTheBrokerIsAwayAndTheirEventsFlowWhenItReturns() {
        String profile = profileWithOneClip("Through an outage");
        LocalStack.essence("stop", "kafka");
        long start = System.nanoTime();
        int next = 1;
        while (System.nanoTime() - start < 10_000_000_000L && next < 25) {
            assertEquals(201, upload(profile, next, CLIP), "uploads succeed while the broker is away");
            next++;
            sleep(400);
        }
        assertEquals(1, alice.clipCount(profile), "nothing can have flowed without a broker");
        LocalStack.essence("up");
        awaitCount(profile, next);
        EXPECTED.put(profile, next);
        assertConsistent();
    }

    @Test
    void eventsQueuedWhileProfilesServiceIsDeadAreAppliedWhenItReturns() {
        String profile = profileWithOneClip("Waiting for profiles");
        LocalStack.essence("stop", "profiles", "--kill");
        for (int i = 1; i <= 8; i++) {
            assertEquals(201, upload(profile, i, CLIP), "clips-service works on while profiles-service is down");
        }
        LocalStack.essence("up");
        awaitCount(profile, 9);
        EXPECTED.put(profile, 9);
        assertConsistent();
    }

    @Test
    void replayingConsumedEventsChangesNothing() {
        String kept = profileWithOneClip("Kept through a replay");
        EXPECTED.put(kept, 1);
        String deletedProfile = profileWithOneClip("Deleted before the replay");
        assertTrue(deletedProfile != null && deletedProfile.matches("[0-9a-f-]{36}"),
                "a profile id to delete: " + deletedProfile);
        alice.http().delete(LocalStack.url("profiles", "/v1/profiles/" + deletedProfile)).then().statusCode(204);
        await().atMost(Duration.ofSeconds(90)).until(() -> alice.http().get(Client.clipsUrl(deletedProfile))
                .statusCode() == 404);

        int replayed = EventReplay.replayEverything(LocalStack.KAFKA, List.of("essence.profiles", "essence.clips"));
        System.out.printf("[system-tests] replayed %d already-consumed events%n", replayed);
        // At least the creations, uploads and deletion made here: 2 created, 2 clips, 1 deleted.
        assertTrue(replayed >= 5, "there were events to replay: " + replayed);
        ConsumerLag.awaitNone(LocalStack.KAFKA, Map.of(
                "profiles-service", List.of("essence.clips"), "clips-service", List.of("essence.profiles")),
                Duration.ofSeconds(60));
        assertConsistent();
        assertEquals(404, upload(deletedProfile, 0, CLIP), "a replayed creation does not revive a profile");
    }

    @Test
    void theOperatorsReplayCommandReachesEachConsumingService() {
        for (String service : List.of("profiles", "clips")) {
            String answer = LocalStack.essence("replay", service);
            assertTrue(answer.contains("\"topic\":\"essence.dead-letter." + service + "-service\""), answer);
        }
    }

    /** Alice uploads; a success is one change of the profile's clips, so one event. */
    private static int upload(String profile, int promptIndex, byte[] audio) {
        int status = alice.upload(profile, promptIndex, audio);
        if (status == 200 || status == 201) {
            CHANGES.merge(profile, 1, Integer::sum);
        }
        return status;
    }

    private static String profileWithOneClip(String name) {
        String profile = alice.createProfile(name);
        assertEquals(201, upload(profile, 0, CLIP));
        awaitCount(profile, 1);
        return profile;
    }

    private static void awaitCount(String profile, int expected) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> alice.clipCount(profile) == expected);
    }

    /**
     * No loss, no duplicate effect: each profile shows exactly its clips, the same in both services, and the topic
     * holds exactly one event (by id; a re-sent copy is allowed) per change, the last one carrying that count.
     */
    private static void assertConsistent() {
        EXPECTED.forEach((profile, count) -> {
            assertEquals(count, alice.recordedCount(profile), "clips held by clips-service for " + profile);
            assertEquals(count, alice.clipCount(profile), "count shown by profiles-service for " + profile);
        });
        Map<String, List<EventLog.ClipEvent>> events = EventLog.clipEvents(LocalStack.KAFKA);
        EXPECTED.forEach((profile, count) -> {
            List<EventLog.ClipEvent> distinct = events.getOrDefault(profile, List.of());
            assertEquals(CHANGES.get(profile), distinct.size(), "distinct clip events of " + profile);
            assertEquals(count, distinct.get(distinct.size() - 1).trainingClipCount(), "count in the last event");
        });
    }

    private static long filesIn(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).count();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
