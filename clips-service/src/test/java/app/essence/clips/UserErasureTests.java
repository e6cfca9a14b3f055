package app.essence.clips;

import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.clips.training.TrainingWorkers;
import app.essence.common.events.ClipEvents.UserClipsErased;
import app.essence.common.events.EventCodec;
import app.essence.common.events.EventType;
import app.essence.common.events.ProfileEvents.ProfileCreated;
import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.common.events.ProfileEvents.UserDeleted;
import app.essence.common.legacy.LegacyImport;
import app.essence.common.storage.StorageKeys;
import app.essence.testing.ConsumerLag;
import app.essence.testing.AudioFixtures;
import app.essence.testing.ElevenLabsStub;
import app.essence.testing.HeldUpload;
import app.essence.testing.KafkaResource;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.LegacyImportRuns;
import app.essence.testing.LogLines;
import app.essence.testing.PostgresResource;
import app.essence.testing.UserTraces;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An erased account (docs/erasure.md): clips, files, trainings and the voice at the provider go, and only once the
 * provider confirmed is clips-service's part announced done, once; a redelivery and late profile events bring
 * nothing back.
 */
@QuarkusTest
class UserErasureTests {
    @Inject
    LegacyImport legacyImport;

    @BeforeEach
    void resetProvider() {
        ElevenLabsStub.reset();
    }

    @Test
    void everythingOfTheUserGoesTheVoiceAtTheProviderTooAndThePartIsAnnouncedOnce() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = TrainingTests.readyProfile(user);
        TrainingTests.start(user, profile, TrainingTests.consent()).then().statusCode(202);
        String voiceId = TrainingTests.awaitState(user, profile, "ready").getString("voice_id");
        UUID bystander = UUID.randomUUID();
        UUID kept = TrainingTests.readyProfile(bystander);

        // The provider fails the first deletion: the part waits for the retry it confirms.
        ElevenLabsStub.planDeletes(ElevenLabsStub.Answer.serverError());
        EventCodec.Encoded erasure = KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        assertEquals(1, announcements(user, 1).size());
        assertFalse(ElevenLabsStub.exists(voiceId), "the voice is gone at the provider");
        assertEquals(2, ElevenLabsStub.deleteRequests().stream().filter(voiceId::equals).count(),
                "one refused, one confirmed");
        assertEquals(List.of(), traces(user, profile));
        // The account's token is still valid: every route answers 410 account-erased.
        as(user).get(clipsOf(profile)).then().statusCode(410).contentType("application/problem+json")
                .body("type", org.hamcrest.Matchers.equalTo("https://essence.app/problems/account-erased"));

        // Redelivered, then late events of the profile: nothing comes back, no second announcement.
        KafkaTestClient.send(EventType.Topics.PROFILES, user.toString(), erasure.json());
        KafkaTestClient.publish(new ProfileCreated(profile, user, Instant.now()));
        KafkaTestClient.publish(new ProfileDeleted(profile, user, voiceId, Instant.now()));
        ConsumerLag.awaitNone(KafkaResource.broker().bootstrapServers(),
                Map.of("clips-service", List.of(EventType.Topics.PROFILES)), Duration.ofSeconds(30));
        assertEquals(1, announcements(user, 2).size());
        assertEquals(List.of(), traces(user, profile));
        as(bystander).get(clipsOf(kept)).then().statusCode(200);
        assertTrue(ElevenLabsStub.deleteRequests().stream().allMatch(voiceId::equals), "no one else's voice");
    }

    @Test
    void aVoiceTheProviderIsStillMakingWhenTheErasureArrivesIsDeletedBeforeThePartIsDone() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = TrainingTests.readyProfile(user);
        // The provider is still cloning when the erasure arrives: no listing shows the voice yet.
        ElevenLabsStub.plan(ElevenLabsStub.Answer.madeOnRelease());
        TrainingTests.start(user, profile, TrainingTests.consent()).then().statusCode(202);
        await().atMost(Duration.ofSeconds(10)).until(() -> ElevenLabsStub.addRequests().size() == 1);
        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        await().atMost(Duration.ofSeconds(10)).until(() -> "failed".equals(
                scalar("select status from trainings where profile_id = ?", profile)));

        // Passes of the sweep and of the completion go by while the call is in flight (within its 3 s lease).
        Thread.sleep(1200);
        assertEquals(null, scalar("select cast(completed_at as text) from erased_users where user_id = ?", user),
                "the part is done while a voice can still appear");
        ElevenLabsStub.releaseHeldAnswers();
        String voiceId = ElevenLabsStub.addRequests().get(0).voiceId();
        assertEquals(1, announcements(user, 1).size());
        assertFalse(ElevenLabsStub.exists(voiceId), "the voice the provider made after the erasure is gone");
        assertEquals(List.of(voiceId), ElevenLabsStub.deleteRequests());
        assertEquals(List.of(), traces(user, profile));
    }

    @Test
    void aVoiceOfALostCallThatAppearsAfterTheTrainingEndedIsDeletedBeforeThePartIsDone() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = TrainingTests.readyProfile(user);
        // The first call's answer is lost while the provider goes on cloning; the retry finds no voice yet and
        // makes a second one, which the training records.
        ElevenLabsStub.plan(ElevenLabsStub.Answer.lostWhileMade());
        TrainingTests.start(user, profile, TrainingTests.consent()).then().statusCode(202);
        String recorded = TrainingTests.awaitState(user, profile, "ready").getString("voice_id");
        String late = ElevenLabsStub.addRequests().get(0).voiceId();
        // The run is back: it swept the labels already, or it kept its lease for the voice of the lost call.
        await().atMost(Duration.ofSeconds(10)).until(() -> "true".equals(scalar("select cast(labels_swept_at is "
                + "not null or lease_expires_at > now() as text) from trainings where profile_id = ?", profile)));

        // The provider finishes the lost call's voice only now, after the training ended.
        ElevenLabsStub.releaseHeldAnswers();
        await().atMost(Duration.ofSeconds(10)).until(() -> ElevenLabsStub.exists(late));
        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        assertEquals(1, announcements(user, 1).size());
        assertFalse(ElevenLabsStub.exists(late), "the voice of the lost call outlived the erasure");
        assertFalse(ElevenLabsStub.exists(recorded));
        assertEquals(List.of(), traces(user, profile));
    }

    @Test
    void aVoiceOfALostCallWhoseProfileWasDeletedMeanwhileIsDeletedBeforeThePartIsDone() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = TrainingTests.readyProfile(user);
        // The first call's answer is lost (a 500, after 2 s) while the provider goes on cloning; the profile is
        // deleted before the 500 comes, so the retry finds its training ended and calls no more.
        ElevenLabsStub.plan(new ElevenLabsStub.Answer(ElevenLabsStub.Outcome.SERVER_ERROR, Duration.ofSeconds(2),
                false, true));
        try (LogLines log = LogLines.of(TrainingWorkers.class)) {
            String training = TrainingTests.start(user, profile, TrainingTests.consent()).then().statusCode(202)
                    .extract().jsonPath().getString("training_id");
            await().atMost(Duration.ofSeconds(10)).until(() -> ElevenLabsStub.addRequests().size() == 1);
            KafkaTestClient.publish(new ProfileDeleted(profile, user, null, Instant.now()));
            await().atMost(Duration.ofSeconds(10)).until(() -> log.anyContains("training " + training
                    + ": run 1 lost the training and stops"));

            // The provider finishes the lost call's voice only now, within the call's lease (3 s), after the run
            // came back; then the user is erased.
            ElevenLabsStub.releaseHeldAnswers();
            String late = ElevenLabsStub.addRequests().get(0).voiceId();
            KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
            assertEquals(1, announcements(user, 1).size());
            assertFalse(ElevenLabsStub.exists(late), "the voice of the lost call outlived the erasure");
            assertEquals(1, ElevenLabsStub.addRequests().size(), "the retry called the provider again");
            assertEquals(List.of(), traces(user, profile));
        }
    }

    @Test
    void aProfileCreatedRacingTheErasureMakesNothingOnceTheErasureCommits() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        try (Connection erasure = PostgresResource.connect("essence_clips_test")) {
            // The erasure's transaction as UserDeletedHandler holds it: the user's turn taken, the user recorded.
            erasure.setAutoCommit(false);
            erasure.createStatement().execute("select pg_advisory_xact_lock(hashtextextended('" + user + "', 0))");
            erasure.createStatement().execute("insert into erased_users (user_id, erased_at) values ('" + user
                    + "', now())");
            KafkaTestClient.publish(new ProfileCreated(profile, user, Instant.now()));
            // The ProfileCreated is consumed meanwhile (another key, another partition): it waits for the user's
            // turn, or (without it) makes its row at once.
            String made = "select cast(user_id as text) from profile_owners where profile_id = ?";
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100))
                    .until(() -> waitingForATurn() || scalar(made, profile) != null);
            erasure.commit();
        }
        ConsumerLag.awaitNone(KafkaResource.broker().bootstrapServers(),
                Map.of("clips-service", List.of(EventType.Topics.PROFILES)), Duration.ofSeconds(30));
        assertEquals(null, scalar("select cast(user_id as text) from profile_owners where profile_id = ?", profile),
                "the replica made a profile of the erased user again");
    }

    @Test
    void anUploadEndingAfterTheErasureIsRefusedAndLeavesNoFile() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = Clips.announcedProfile(user);
        byte[] clip = AudioFixtures.wav(AudioFixtures.voiceLike(5000, -20));
        try (HeldUpload upload = HeldUpload.start(user, clipsOf(profile) + "/0", clip, 64)) {
            // The upload has begun (its first bytes are read) when the erasure comes and completes.
            Thread.sleep(500);
            KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
            assertEquals(1, announcements(user, 1).size());

            upload.release();
            assertEquals(410, upload.status(Duration.ofSeconds(20)), upload.head(Duration.ofSeconds(1)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> traces(user, profile).isEmpty());
        assertEquals(0L, Long.parseLong(scalar("select count(*) from storage_removals where position(cast(? as text) "
                + "in key) > 0", user)));
    }

    @Test
    void aReservationOfAnUploadInFlightIsKeptAndThePartWaitsUntilItsFileIsGone() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = Clips.announcedProfile(user);
        String key = StorageKeys.trainingClip(user, profile, 0, UUID.randomUUID(), "wav");
        // An upload passed the erasure check and reserved its final key; it is being judged.
        ClipFileSweepTests.update("insert into clip_file_removals (path, profile_id, not_before) "
                + "values (?, ?, now() + interval '1 hour')", key, profile);

        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> as(user).get(clipsOf(profile)).statusCode() == 410
                && "0".equals(scalar("select cast(count(*) as text) from storage_removals "
                        + "where position(cast(? as text) in key) > 0", user)));
        assertEquals("1", scalar("select cast(count(*) as text) from clip_file_removals where profile_id = ?",
                profile), "the erasure keeps the reservation of an upload still on its way");
        // The upload moves its file in after the folders went, then the service crashes before its commit.
        java.nio.file.Path placed = Files.createDirectories(Clips.STORAGE.resolve(key).getParent())
                .resolve(java.nio.file.Path.of(key).getFileName().toString());
        Files.write(placed, AudioFixtures.toneWav(100));
        // Passes of the completion go by while the reservation holds.
        Thread.sleep(1200);
        assertEquals(null, scalar("select cast(completed_at as text) from erased_users where user_id = ?", user),
                "the part is done while a file of the user can still be placed");

        // The reservation lapses: the sweeper removes the file, then the part completes.
        ClipFileSweepTests.update("update clip_file_removals set not_before = now() - interval '1 second' "
                + "where path = ?", key, null);
        assertEquals(1, announcements(user, 1).size());
        assertFalse(Files.exists(placed), "the file placed after the erasure is gone");
        assertEquals(null, scalar("select path from clip_file_removals where profile_id = ?", profile));
    }

    @Test
    void anImportedUserKeepsOnlyTheLegacyIdAndStatusInTheImportLedger() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = Clips.announcedProfile(user);
        LegacyImportRuns legacy = LegacyImportRuns.fresh(legacyImport, "essence_clips_test",
                "essence_legacy_clips_erased", LegacyImportTests.LEGACY_TABLE);
        UUID legacyRow = legacy.insert("insert into voice_recordings values (?, ?, ?, 0, 'audio/wav', now(), ?)",
                user, profile, Base64.getEncoder().encodeToString(AudioFixtures.wav(AudioFixtures.voiceLike(3000,
                        -20))));
        legacy.importedAndVerified(legacyRow);

        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        assertEquals(1, announcements(user, 1).size());
        // The ledger row named the user and their profile (its storage key), the clip and the recording's hash.
        assertEquals(List.of(), traces(user, profile));
        assertEquals("imported, 0 kept", scalar("select status || ', ' || num_nonnulls(user_id, target_id, "
                + "storage_path, sha256, detail) || ' kept' from legacy_import_rows where legacy_id = cast(? as text)",
                legacyRow));

        // A later run does not import the row again, and counts it verified.
        LegacyImportRuns.Run again = legacy.run();
        assertEquals(LegacyImport.ALL_VERIFIED, again.exitCode(), again.console());
        assertEquals(List.of(), traces(user, profile));
    }

    /** Whether a transaction of the service waits for a user's turn (an advisory lock) in its database. */
    private static boolean waitingForATurn() throws Exception {
        try (Connection db = PostgresResource.connect("essence_clips_test");
                var rows = db.createStatement().executeQuery("select count(*) from pg_locks where locktype = "
                        + "'advisory' and not granted and database = (select oid from pg_database "
                        + "where datname = current_database())")) {
            rows.next();
            return rows.getLong(1) > 0;
        }
    }

    private static String scalar(String sql, UUID id) throws Exception {
        try (Connection db = PostgresResource.connect("essence_clips_test");
                var query = db.prepareStatement(sql)) {
            query.setObject(1, id);
            try (var rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    private static List<UserClipsErased> announcements(UUID user, int atMost) {
        return KafkaTestClient.eventsOf(EventType.Topics.CLIPS, user.toString(),
                event -> event instanceof UserClipsErased, atMost).stream().map(UserClipsErased.class::cast).toList();
    }

    /** What the database and the storage still hold of the user, the record of the erasure aside. */
    private static List<String> traces(UUID user, UUID profile) throws Exception {
        List<String> left = new ArrayList<>();
        try (Connection db = PostgresResource.connect("essence_clips_test")) {
            UserTraces.of(db, List.of(user.toString(), profile.toString())).stream()
                    .filter(trace -> !trace.recordsErasure()).forEach(trace -> left.add(trace.toString()));
        }
        StorageKeys.userClipFolders(user).stream().map(Clips.STORAGE::resolve).filter(Files::exists)
                .forEach(folder -> left.add(folder.toString()));
        return left;
    }
}
