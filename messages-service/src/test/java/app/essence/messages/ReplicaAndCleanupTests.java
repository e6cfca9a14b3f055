package app.essence.messages;

import static app.essence.messages.Messages.announcedProfile;
import static app.essence.messages.Messages.as;
import static app.essence.messages.Messages.draft;
import static app.essence.messages.Messages.filesOf;
import static app.essence.messages.Messages.message;
import static app.essence.messages.Messages.messagesOf;
import static app.essence.messages.Messages.voiceOf;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.common.events.EventCodec;
import app.essence.common.events.BillingEvents.SubscriptionChanged;
import app.essence.common.events.EventType;
import app.essence.common.events.MessageEvents.UserMessagesErased;
import app.essence.common.events.ProfileEvents.ProfileCreated;
import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.common.events.ProfileEvents.UserDeleted;
import app.essence.common.events.TrainingEvents.VoiceTrained;
import app.essence.common.events.TrainingEvents.VoiceTrainingFailed;
import app.essence.common.events.TrainingEvents.VoiceTrainingStarted;
import app.essence.common.legacy.LegacyImport;
import app.essence.common.storage.StorageKeys;
import app.essence.testing.ConsumerLag;
import app.essence.testing.KafkaResource;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.LegacyImportRuns;
import app.essence.testing.Mp3Fixtures;
import app.essence.testing.PostgresResource;
import app.essence.testing.UserTraces;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What messages-service keeps from the events it consumes, and what it removes when a profile or user goes. */
@QuarkusTest
class ReplicaAndCleanupTests {
    @Inject
    LegacyImport legacyImport;


    @Test
    void theVoiceFollowsTrainingEventsNewestFirstAndARetrainingReplacesIt() {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        Instant t0 = Instant.parse("2026-01-01T10:00:00Z");
        // Training events may come before the profile's own creation (another topic).
        KafkaTestClient.publish(new VoiceTrainingStarted(UUID.randomUUID(), profile, user, t0));
        awaitAllConsumed();
        assertEquals(java.util.Arrays.asList("training", null), nullable(voiceOf(profile)));
        KafkaTestClient.publish(new VoiceTrainingFailed(UUID.randomUUID(), profile, user, "no", t0.plusSeconds(1)));
        awaitAllConsumed();
        assertEquals(java.util.Arrays.asList("failed", null), nullable(voiceOf(profile)));

        KafkaTestClient.publish(new VoiceTrained(UUID.randomUUID(), profile, user, "voice-1", t0.plusSeconds(2)));
        KafkaTestClient.publish(new VoiceTrainingStarted(UUID.randomUUID(), profile, user, t0.plusSeconds(3)));
        KafkaTestClient.publish(new VoiceTrained(UUID.randomUUID(), profile, user, "voice-2", t0.plusSeconds(4)));
        // Late and replayed: older than what is kept, so nothing moves back.
        KafkaTestClient.publish(new VoiceTrained(UUID.randomUUID(), profile, user, "voice-0", t0.plusSeconds(1)));
        KafkaTestClient.publish(new VoiceTrainingStarted(UUID.randomUUID(), profile, user, t0.plusSeconds(2)));
        awaitAllConsumed();
        assertEquals(List.of("ready", "voice-2"), voiceOf(profile));

        // A failed retraining keeps the voice in use.
        KafkaTestClient.publish(new VoiceTrainingStarted(UUID.randomUUID(), profile, user, t0.plusSeconds(5)));
        KafkaTestClient.publish(new VoiceTrainingFailed(UUID.randomUUID(), profile, user, "no", t0.plusSeconds(6)));
        KafkaTestClient.publish(new ProfileCreated(profile, user, t0));
        awaitAllConsumed();
        assertEquals(List.of("ready", "voice-2"), voiceOf(profile));
        as(user).get(messagesOf(profile)).then().statusCode(200);
    }

    @Test
    void aMessageIsNotSpokenWithoutAReadyVoiceAndTheProblemSaysWhy() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String id = draft(user, profile);
        as(user).post(message(id) + "/synthesize").then().statusCode(409)
                .body("detail", containsString("no voice yet"));
        KafkaTestClient.publish(new VoiceTrainingStarted(UUID.randomUUID(), profile, user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> "training".equals(voiceOf(profile).get(0)));
        as(user).post(message(id) + "/synthesize").then().statusCode(409)
                .body("detail", containsString("still being trained"));
        as(user).get(message(id)).then().body("status", equalTo("draft"));
    }

    @Test
    void aDeletedProfileLosesItsMessagesAndAudioOnceAndForGood() throws IOException {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        UUID other = announcedProfile(user);
        String id = draft(user, profile);
        String kept = draft(user, other);
        List<Path> planted = plant(StorageKeys.messageFolders(user, profile), UUID.fromString(id));
        List<Path> otherFiles = plant(StorageKeys.messageFolders(user, other), UUID.fromString(kept));

        EventCodec.Encoded deletion = KafkaTestClient.publish(new ProfileDeleted(profile, user, null, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> as(user).get(message(id)).statusCode() == 404
                && filesOf(StorageKeys.messageFolders(user, profile)).isEmpty());
        planted.forEach(file -> assertEquals(false, Files.exists(file), file + " removed"));

        // The same deletion again, and a replayed creation: the profile stays gone, the other one untouched.
        KafkaTestClient.send(EventType.Topics.PROFILES, profile.toString(), deletion.json());
        KafkaTestClient.publish(new ProfileCreated(profile, user, Instant.now()));
        awaitAllConsumed();
        as(user).get(messagesOf(profile)).then().statusCode(404);
        as(user).body(Messages.body("T", "other", null, null, "hi")).post(messagesOf(profile)).then()
                .statusCode(404);
        as(user).get(message(kept)).then().statusCode(200);
        assertEquals(java.util.Set.copyOf(otherFiles),
                java.util.Set.copyOf(filesOf(StorageKeys.messageFolders(user, other))));
    }

    @Test
    void anErasedUserLosesEveryMessageAndTheirProfilesNeverComeBack() throws IOException {
        UUID user = UUID.randomUUID();
        UUID first = announcedProfile(user);
        UUID second = announcedProfile(user);
        String a = draft(user, first);
        String b = draft(user, second);
        plant(StorageKeys.messageFolders(user, first), UUID.fromString(a));
        plant(StorageKeys.messageFolders(user, second), UUID.fromString(b));
        UUID bystander = UUID.randomUUID();
        String untouched = draft(bystander, announcedProfile(bystander));

        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        // The erased account's token is answered 410 on every route from then on.
        await().atMost(Duration.ofSeconds(30)).until(() -> as(user).get(message(a)).statusCode() == 410
                && filesOf(StorageKeys.userMessageFolders(user)).isEmpty());
        as(user).get(message(b)).then().statusCode(410).contentType("application/problem+json")
                .body("type", equalTo("https://essence.app/problems/account-erased"));
        assertEquals(List.of("0"), Messages.row("select count(*) from messages where user_id = ?", user));

        UUID late = UUID.randomUUID();
        KafkaTestClient.publish(new ProfileCreated(late, user, Instant.now()));
        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        awaitAllConsumed();
        as(user).get(messagesOf(late)).then().statusCode(410);
        as(user).get(messagesOf(first)).then().statusCode(410);
        assertEquals(List.of(), Messages.row("select user_id from profile_owners where profile_id = ? "
                + "and deleted_at is null", late));
        as(bystander).get(message(untouched)).then().statusCode(200);
    }

    @Test
    void theErasureCompletesOnceNothingOfTheUserIsLeftAndARedeliveryChangesNothing() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String id = draft(user, profile);
        plant(StorageKeys.messageFolders(user, profile), UUID.fromString(id));
        KafkaTestClient.publish(new SubscriptionChanged(user, "essential", "active", null, false, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> !Messages.row(
                "select plan from user_plans where user_id = ?", user).isEmpty());

        EventCodec.Encoded erasure = KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        assertEquals(1, erasedAnnouncements(user, 1).size());
        assertEquals(List.of(), untracedExceptTheRecord(user, profile, id));
        assertEquals(1, Messages.row("select completed_at from erased_users where user_id = ?", user).size());

        // Redelivered, then late events of the user: nothing comes back, no second announcement.
        KafkaTestClient.send(EventType.Topics.PROFILES, user.toString(), erasure.json());
        KafkaTestClient.publish(new SubscriptionChanged(user, "family_archive", "active", null, false,
                Instant.now()));
        KafkaTestClient.publish(new ProfileDeleted(profile, user, null, Instant.now()));
        KafkaTestClient.publish(new ProfileCreated(UUID.randomUUID(), user, Instant.now()));
        ConsumerLag.awaitNone(KafkaResource.broker().bootstrapServers(), Map.of("messages-service-inbox",
                List.of(EventType.Topics.PROFILES, EventType.Topics.BILLING)), Duration.ofSeconds(30));
        assertEquals(1, erasedAnnouncements(user, 2).size());
        assertEquals(List.of(), untracedExceptTheRecord(user, profile, id));
    }

    @Test
    void anImportedUserKeepsOnlyTheLegacyIdAndStatusInTheImportLedger() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        LegacyImportRuns legacy = LegacyImportRuns.fresh(legacyImport, Messages.DATABASE,
                "essence_legacy_messages_erased", LegacyImportTests.LEGACY_TABLE);
        UUID legacyRow = legacy.insert("insert into messages values (?, ?, ?, 'Hello', 'other', null, null, "
                + "'say hello', 'Hello, love.', 'audio/mpeg', now(), ?)", user, profile,
                Base64.getEncoder().encodeToString(Mp3Fixtures.speechLike(2000, 44_100, 64)));
        legacy.importedAndVerified(legacyRow);
        String id = Messages.row("select cast(target_id as text) from legacy_import_rows where legacy_id = ?",
                legacyRow.toString()).stream().findFirst().orElseThrow(() -> new AssertionError(legacyRow
                        + " names no message"));

        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        assertEquals(1, erasedAnnouncements(user, 1).size());
        // The ledger row named the user and their profile (its storage key), the message and the audio's hash.
        assertEquals(List.of(), untracedExceptTheRecord(user, profile, id));
        assertEquals(List.of("imported, 0 kept"), Messages.row("select status || ', ' || num_nonnulls(user_id, "
                + "target_id, storage_path, sha256, detail) || ' kept' from legacy_import_rows where legacy_id = ?",
                legacyRow.toString()));

        // A later run does not import the row again, and counts it verified.
        LegacyImportRuns.Run again = legacy.run();
        assertEquals(LegacyImport.ALL_VERIFIED, again.exitCode(), again.console());
        assertEquals(List.of(), untracedExceptTheRecord(user, profile, id));
    }

    @Test
    void replicaEventsRacingTheErasureMakeNothingOnceTheErasureCommits() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        try (java.sql.Connection erasure = PostgresResource.connect(Messages.DATABASE)) {
            // The erasure's transaction as UserDeletedHandler holds it: the user's turn taken, the user recorded.
            erasure.setAutoCommit(false);
            erasure.createStatement().execute("select pg_advisory_xact_lock(hashtextextended('" + user + "', 0))");
            erasure.createStatement().execute("insert into erased_users (user_id, erased_at) values ('" + user
                    + "', now())");
            KafkaTestClient.publish(new ProfileCreated(profile, user, Instant.now()));
            KafkaTestClient.publish(new SubscriptionChanged(user, "essential", "active", null, false, Instant.now()));
            // Both are consumed meanwhile (other keys, other partitions): they wait for the user's turn, or (without
            // it) make their rows at once.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(100)).until(() -> waitingForATurn()
                    || !Messages.row("select user_id from profile_owners where profile_id = ?", profile).isEmpty()
                    && !Messages.row("select user_id from user_plans where user_id = ?", user).isEmpty());
            erasure.commit();
        }
        ConsumerLag.awaitNone(KafkaResource.broker().bootstrapServers(), Map.of("messages-service-inbox",
                List.of(EventType.Topics.PROFILES, EventType.Topics.BILLING)), Duration.ofSeconds(30));
        try (java.sql.Connection db = PostgresResource.connect(Messages.DATABASE)) {
            assertEquals(List.of(), UserTraces.of(db, List.of(user.toString(), profile.toString())).stream()
                    .filter(trace -> !trace.recordsErasure()).map(UserTraces.Trace::toString).toList());
        }
    }

    /** Whether a transaction of the service waits for a user's turn (an advisory lock) in its database. */
    private static boolean waitingForATurn() {
        return !Messages.row("select 1 from pg_locks where locktype = 'advisory' and not granted and database = "
                + "(select oid from pg_database where datname = current_database())").isEmpty();
    }

    private static List<app.essence.common.events.EssenceEvent> erasedAnnouncements(UUID user, int atMost) {
        return KafkaTestClient.eventsOf(EventType.Topics.MESSAGES, user.toString(),
                event -> event instanceof UserMessagesErased, atMost);
    }

    /** What in the database or the storage still refers to the user, the record of the erasure aside. */
    private static List<String> untracedExceptTheRecord(UUID user, UUID profile, String message) throws Exception {
        try (java.sql.Connection db = PostgresResource.connect(Messages.DATABASE)) {
            List<String> left = new java.util.ArrayList<>(UserTraces.of(db, List.of(user.toString(),
                    profile.toString(), message)).stream().filter(trace -> !trace.recordsErasure())
                    .map(UserTraces.Trace::toString).toList());
            filesOf(StorageKeys.userMessageFolders(user)).forEach(file -> left.add(file.toString()));
            StorageKeys.userMessageFolders(user).stream().map(Messages.STORAGE::resolve).filter(Files::exists)
                    .forEach(folder -> left.add(folder.toString()));
            return left;
        }
    }

    /** A committed audio file, a staged one and a partial one in the profile's folders. */
    private static List<Path> plant(List<String> folders, UUID messageId) throws IOException {
        Path committed = Files.createDirectories(Messages.STORAGE.resolve(folders.get(0)));
        Path staged = Files.createDirectories(Messages.STORAGE.resolve(folders.get(1)));
        return List.of(Files.write(committed.resolve(messageId + ".mp3"), new byte[] { 1, 2, 3 }),
                Files.write(staged.resolve(messageId + ".1.mp3"), new byte[] { 4 }),
                Files.write(staged.resolve("." + messageId + ".2.mp3." + UUID.randomUUID() + ".partial"),
                        new byte[] { 5 }));
    }

    private static List<String> nullable(List<String> row) {
        return row.isEmpty() ? List.of() : java.util.Arrays.asList(row.get(0), row.get(1));
    }

    private static void awaitAllConsumed() {
        ConsumerLag.awaitNone(KafkaResource.broker().bootstrapServers(),
                Map.of("messages-service-inbox", List.of(EventType.Topics.PROFILES, EventType.Topics.CLIPS)),
                Duration.ofSeconds(30));
    }
}
