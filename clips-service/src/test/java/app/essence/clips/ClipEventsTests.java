package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static app.essence.clips.Clips.filesOf;
import static app.essence.clips.Clips.storedClip;
import static app.essence.testing.AudioFixtures.toneWav;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.ClipEvents.ClipDeleted;
import app.essence.common.events.ClipEvents.ClipUploaded;
import app.essence.common.events.EssenceEvent;
import app.essence.common.events.EventCodec;
import app.essence.common.events.EventType;
import app.essence.common.events.ProfileEvents.ProfileCreated;
import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.testing.ConsumerLag;
import app.essence.testing.KafkaResource;
import app.essence.testing.KafkaTestClient;
import app.essence.common.storage.StorageKeys;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What clips-service announces, and what it does with the profile events it consumes. */
@QuarkusTest
class ClipEventsTests {

    @Test
    void everyChangeAnnouncesTheCountAfterItInCommitOrder() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        as(user).body(toneWav(100)).put(clipsOf(profile) + "/0").then().statusCode(201);
        as(user).body(toneWav(100)).put(clipsOf(profile) + "/1").then().statusCode(201);
        as(user).body(toneWav(120)).put(clipsOf(profile) + "/1").then().statusCode(200);
        as(user).delete(clipsOf(profile) + "/0").then().statusCode(204);

        List<EssenceEvent> events = eventsOf(profile, 4);
        assertEquals(4, events.size());
        assertEquals(List.of(1, 2, 2, 1), events.stream().map(ClipEventsTests::countIn).toList());
        ClipUploaded reRecorded = (ClipUploaded) events.get(2);
        assertEquals(1, reRecorded.promptIndex());
        assertEquals(toneWav(120).length, reRecorded.sizeBytes());
        assertEquals(user, reRecorded.userId());
        ClipDeleted deleted = (ClipDeleted) events.get(3);
        assertEquals(0, deleted.promptIndex());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).occurredAt().isAfter(events.get(i - 1).occurredAt()),
                    "each change of a profile's clips happens strictly after the one before");
        }
    }

    @Test
    void aRefusedUploadAnnouncesNothing() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        as(user).body("not audio").put(clipsOf(profile) + "/0").then().statusCode(415);
        as(UUID.randomUUID()).body(toneWav(100)).put(clipsOf(profile) + "/0").then().statusCode(404);
        as(user).body(toneWav(100)).put(clipsOf(profile) + "/9").then().statusCode(201);
        List<EssenceEvent> events = eventsOf(profile, 1);
        assertEquals(1, events.size());
        assertEquals(9, ((ClipUploaded) events.get(0)).promptIndex());
    }

    @Test
    void aDeletedProfileLosesItsClipsAndFilesOnceAndForGood() throws IOException {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        for (int i = 0; i < 3; i++) {
            as(user).body(toneWav(100)).put(clipsOf(profile) + "/" + i).then().statusCode(201);
        }
        assertTrue(storedClip(user, profile, 2).isPresent());
        // What uploads racing the deletion or killed mid-way leave: a staged file, partial files beside both.
        List<Path> leftBehind = plantLeftovers(user, profile);


        EventCodec.Encoded deletion = KafkaTestClient.publish(new ProfileDeleted(profile, user, null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> as(user).get(clipsOf(profile)).statusCode() == 404
                && filesOf(user, profile).isEmpty());
        leftBehind.forEach(file -> assertFalse(Files.exists(file), file + " removed"));

        // The same deletion again, a second deletion, and a replayed creation: the profile stays gone.
        KafkaTestClient.send(EventType.Topics.PROFILES, profile.toString(), deletion.json());
        KafkaTestClient.publish(new ProfileDeleted(profile, user, null, Instant.now()));
        KafkaTestClient.publish(new ProfileCreated(profile, user, Instant.now()));
        awaitAllProfileEventsConsumed();
        assertEquals(404, as(user).body(toneWav(100)).put(clipsOf(profile) + "/0").statusCode());
        assertEquals(List.of(), filesOf(user, profile), "a refused upload leaves no file");
    }

    @Test
    void aProfileDeletedBeforeItWasEverSeenIsNeverUsable() {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        KafkaTestClient.publish(new ProfileDeleted(profile, user, null, Instant.now()));
        KafkaTestClient.publish(new ProfileCreated(profile, user, Instant.now()));
        awaitAllProfileEventsConsumed();
        as(user).get(clipsOf(profile)).then().statusCode(404);
    }

    private static List<Path> plantLeftovers(UUID user, UUID profile) throws IOException {
        List<String> folders = StorageKeys.clipFolders(user, profile);
        Path committed = Clips.STORAGE.resolve(folders.get(0));
        Path staged = Files.createDirectories(Clips.STORAGE.resolve(folders.get(1)));
        return List.of(Files.write(staged.resolve(UUID.randomUUID() + ".wav"), toneWav(50)),
                Files.write(staged.resolve("." + UUID.randomUUID() + ".wav." + UUID.randomUUID() + ".partial"),
                        new byte[] { 1 }),
                Files.write(committed.resolve(".3." + UUID.randomUUID() + ".wav." + UUID.randomUUID() + ".partial"),
                        new byte[] { 1 }));
    }

    private static void awaitAllProfileEventsConsumed() {
        ConsumerLag.awaitNone(KafkaResource.broker().bootstrapServers(),
                Map.of("clips-service", List.of(EventType.Topics.PROFILES)), Duration.ofSeconds(30));
    }

    /** The clip events clips-service published for one profile, in the order of its partition. */
    private static List<EssenceEvent> eventsOf(UUID profile, int expected) {
        return KafkaTestClient.eventsOf(EventType.Topics.CLIPS, profile.toString(), event -> true, expected);
    }

    private static int countIn(EssenceEvent event) {
        return event instanceof ClipUploaded u ? u.trainingClipCount() : ((ClipDeleted) event).trainingClipCount();
    }
}
