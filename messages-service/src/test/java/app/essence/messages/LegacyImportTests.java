package app.essence.messages;

import static app.essence.messages.Messages.DATABASE;
import static app.essence.messages.Messages.STORAGE;
import static app.essence.messages.Messages.announcedProfile;
import static app.essence.messages.Messages.as;
import static app.essence.testing.LegacyImportRuns.base64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.EssenceEvent;
import app.essence.common.events.EventType;
import app.essence.common.events.MessageEvents.MessageCreated;
import app.essence.common.events.MessageEvents.MessageReady;
import app.essence.common.legacy.LegacyAudio;
import app.essence.common.legacy.LegacyImport;
import app.essence.messages.message.MessageImports;
import app.essence.testing.AudioFixtures;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.LegacyImportRuns;
import app.essence.testing.LegacyImportRuns.Ledger;
import app.essence.testing.LegacyImportRuns.LedgerRow;
import app.essence.testing.LegacyImportRuns.Run;
import app.essence.testing.Mp3Fixtures;
import app.essence.testing.PostgresResource;
import app.essence.testing.ProfilesServiceStub;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The legacy import of messages (docs/legacy-import.md) against a legacy database each test builds in the mapping's
 * default shape, on the real PostgreSQL server.
 */
@QuarkusTest
class LegacyImportTests {
    static final String LEGACY_TABLE = "create table messages (\"id\" uuid primary key, \"userId\" uuid, "
            + "\"profileId\" uuid, \"title\" text, \"category\" text, \"recipientLabel\" text, \"momentLabel\" text, "
            + "\"promptText\" text, \"generatedText\" text, \"mimeType\" text, \"createdAt\" timestamptz, "
            + "\"audioData\" text)";
    private static final byte[] SPOKEN = Mp3Fixtures.speechLike(2000, 44_100, 64);

    @Inject
    LegacyImport legacyImport;

    @Test
    void importsEachMessageWithAudioOnceAsReadyAndSaysWhyTheOthersWereNot() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        UUID knownOnlyToProfilesService = UUID.randomUUID();
        ProfilesServiceStub.answersOperator(knownOnlyToProfilesService, "test-operator-token", user);
        LegacyImportRuns legacy = legacyDatabase("essence_legacy_messages_rows");
        Instant at = Instant.parse("2024-12-24T18:00:00Z");
        UUID good = insert(legacy, user, profile, "birthday", at, base64(SPOKEN));
        UUID readThrough = insert(legacy, user, knownOnlyToProfilesService, "other", at, base64(SPOKEN));
        UUID badBase64 = insert(legacy, user, profile, "birthday", at, "SUQz***");
        UUID wav = insert(legacy, user, profile, "birthday", at, base64(AudioFixtures.toneWav(500)));
        UUID unknownProfile = insert(legacy, user, UUID.randomUUID(), "birthday", at, base64(SPOKEN));
        UUID badCategory = insert(legacy, user, profile, "wedding", at, base64(SPOKEN));
        UUID noAudio = insert(legacy, user, profile, "birthday", at, "");

        Run first = legacy.run("--report", "target/legacy-messages-rows.csv");

        assertEquals(LegacyImport.NOT_ALL_VERIFIED, first.exitCode(), first.console());
        assertTrue(first.console().contains("7/7 rows (100.0%)"), first.console());
        Ledger ledger = legacy.ledger();
        ledger.assertOutcome(good, "imported", null);
        ledger.assertOutcome(readThrough, "imported", null);
        ledger.assertOutcome(badBase64, "failed", "bad-base64");
        ledger.assertOutcome(wav, "failed", "not-audio");
        ledger.assertOutcome(unknownProfile, "failed", "unknown-profile");
        ledger.assertOutcome(badCategory, "failed", "bad-category");
        ledger.assertOutcome(noAudio, "skipped", "no-audio");
        LedgerRow imported = ledger.get(good);
        assertTrue(imported.verified());
        assertEquals(LegacyAudio.sha256(Files.readAllBytes(STORAGE.resolve(imported.storagePath()))),
                imported.sha256());
        assertEquals(7 + 1, Files.readString(Path.of("target/legacy-messages-rows.csv")).lines().count());

        // The user sees it as any spoken message: ready, measured, its audio playable.
        UUID message = MessageImports.messageIdOf(good.toString());
        as(user).get("/v1/messages/" + message).then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("ready"))
                .body("title", org.hamcrest.Matchers.equalTo("Happy birthday"))
                .body("duration_ms", org.hamcrest.Matchers.allOf(org.hamcrest.Matchers.greaterThan(1950),
                        org.hamcrest.Matchers.lessThan(2050)))
                .body("created_at", org.hamcrest.Matchers.equalTo(at.toString()));
        byte[] played = as(user).get("/v1/messages/" + message + "/audio").then().statusCode(200).extract()
                .asByteArray();
        assertEquals(LegacyAudio.sha256(SPOKEN), LegacyAudio.sha256(played));
        List<EssenceEvent> events = eventsOf(profile, 2);
        assertEquals(1, ((MessageCreated) events.get(0)).messageCount());
        assertTrue(((MessageReady) events.get(1)).durationMs() > 1950);

        Run second = legacy.run();
        assertEquals(LegacyImport.NOT_ALL_VERIFIED, second.exitCode(), second.console());
        assertEquals(2, eventsOf(profile, 2).size(), "a second run announces nothing new");
        Run drop = legacy.run("--drop-columns");
        assertEquals(LegacyImport.REFUSED, drop.exitCode(), drop.console());
        assertTrue(legacy.hasColumn("messages", "audioData"));
    }

    @Test
    void aCrashBeforeTheLedgerCommitsIsResumedWithoutADuplicateAndThenTheColumnMayGo() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        LegacyImportRuns legacy = legacyDatabase("essence_legacy_messages_crash");
        Instant at = Instant.parse("2025-01-02T08:00:00Z");
        UUID first = insert(legacy, user, profile, "gratitude", at, base64(SPOKEN));
        UUID crashing = insert(legacy, user, profile, "apology", at, base64(SPOKEN));
        legacy.crashOnImportOf(crashing);
        try {
            Run interrupted = legacy.run();
            assertEquals(LegacyImport.NOT_ALL_VERIFIED, interrupted.exitCode(), interrupted.console());
            legacy.ledger().assertOutcome(crashing, "failed", "error");
            // The file moved onto the message's key before the rollback is removed: no message holds it.
            assertFalse(Files.exists(STORAGE.resolve("messages/" + user + "/" + profile + "/"
                    + MessageImports.messageIdOf(crashing.toString()) + ".mp3")));
            Run refused = legacy.run("--drop-columns");
            assertEquals(LegacyImport.REFUSED, refused.exitCode(), refused.console());
        } finally {
            legacy.noMoreCrashes();
        }

        legacy.importedAndVerified(crashing);

        legacy.ledger().assertOutcome(first, "imported", null);
        List<EssenceEvent> events = eventsOf(profile, 4);
        assertEquals(4, events.size());
        assertEquals(List.of(1, 2), events.stream().filter(MessageCreated.class::isInstance)
                .map(e -> ((MessageCreated) e).messageCount()).toList());
        as(user).get(Messages.messagesOf(profile)).then().statusCode(200)
                .body("items.size()", org.hamcrest.Matchers.equalTo(2));
        try (Stream<Path> files = Files.walk(STORAGE.resolve("messages/" + user + "/" + profile))) {
            assertEquals(2, files.filter(Files::isRegularFile).count());
        }

        Run dropped = legacy.run("--drop-columns");
        assertEquals(LegacyImport.ALL_VERIFIED, dropped.exitCode(), dropped.console());
        assertFalse(legacy.hasColumn("messages", "audioData"));
    }

    /**
     * A message that exists is never written over, whatever the ledger says (a ledger row lost, a run beside this
     * one): the row is refused before its audio is moved onto the message's key.
     */
    @Test
    void aCommittedMessagesFileIsNeverWrittenOver() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        LegacyImportRuns legacy = legacyDatabase("essence_legacy_messages_exists");
        UUID row = insert(legacy, user, profile, "gratitude", Instant.parse("2025-02-01T08:00:00Z"), base64(SPOKEN));
        Path stored = STORAGE.resolve(legacy.importedAndVerified(row).storagePath());
        sql(DATABASE, "delete from legacy_import_rows where legacy_id = '" + row + "'");
        legacy.sql("update messages set \"audioData\" = '"
                + base64(Mp3Fixtures.speechLike(1000, 44_100, 64)) + "'");

        Run again = legacy.run();

        legacy.ledger().assertOutcome(row, "skipped", "already-imported");
        assertEquals(LegacyAudio.sha256(SPOKEN), LegacyAudio.sha256(Files.readAllBytes(stored)), again.console());
    }

    /** One import or drop of the slice at a time: a second one is refused while the first holds the slice's lock. */
    @Test
    void aSecondImportOfTheSliceIsRefusedWhileOneRuns() throws Exception {
        LegacyImportRuns legacy = legacyDatabase("essence_legacy_messages_locked");
        try (Connection running = PostgresResource.connect(DATABASE); Statement sql = running.createStatement()) {
            sql.execute("select pg_advisory_lock(hashtext('essence-legacy-import'), hashtext('messages'))");
            for (String[] options : new String[][] {{}, {"--drop-columns"}}) {
                Run refused = legacy.run(options);
                assertEquals(LegacyImport.REFUSED, refused.exitCode(), refused.console());
                assertTrue(refused.console().contains("another import-legacy of messages"), refused.console());
            }
            sql.execute("select pg_advisory_unlock_all()");
        }
        Run alone = legacy.run();
        assertEquals(LegacyImport.ALL_VERIFIED, alone.exitCode(), alone.console());
    }

    /**
     * The drop checks which rows the table holds, not only how many: a row's audio changed since the run that
     * verified everything refuses it (under a lock no write passes), and the import is to run again.
     */
    @Test
    void aRowChangedAfterTheVerifyingRunRefusesTheDrop() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        LegacyImportRuns legacy = legacyDatabase("essence_legacy_messages_changed");
        UUID row = insert(legacy, user, profile, "other", Instant.parse("2025-03-01T08:00:00Z"), base64(SPOKEN));
        insert(legacy, user, profile, "other", Instant.parse("2025-03-01T09:00:00Z"), base64(SPOKEN));
        legacy.importedAndVerified(row);
        legacy.sql("update messages set \"audioData\" = '"
                + base64(Mp3Fixtures.speechLike(1000, 44_100, 64)) + "' where id = '" + row + "'");

        Run drop = legacy.run("--drop-columns");

        assertEquals(LegacyImport.REFUSED, drop.exitCode(), drop.console());
        assertTrue(drop.console().contains("run the import again"), drop.console());
        assertTrue(legacy.hasColumn("messages", "audioData"));
    }

    /**
     * Storage that fails fails every row alike: the run stops (exit 1, which the Job retries) and marks no row failed;
     * run again once storage is back, it imports them.
     */
    @Test
    void aStorageOutageStopsTheRunWithoutFailingTheRow() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        LegacyImportRuns legacy = legacyDatabase("essence_legacy_messages_outage");
        UUID row = insert(legacy, user, profile, "other", Instant.parse("2025-04-01T08:00:00Z"), base64(SPOKEN));
        // A file where the user's staging folder must go: every write of this user's audio fails.
        Path blocker = STORAGE.resolve("incoming/messages/" + user);
        Files.createDirectories(blocker.getParent());
        Files.writeString(blocker, "not a folder");
        try {
            Run stopped = legacy.run();
            assertEquals(LegacyImport.STOPPED, stopped.exitCode(), stopped.console());
            assertTrue(stopped.console().contains("run it again"), stopped.console());
            assertFalse(legacy.ledger().rows().containsKey(row.toString()));
        } finally {
            Files.delete(blocker);
            // The stopped run would count as running for two minutes, and refuse the other tests' drops.
            sql(DATABASE, "update legacy_import_runs set heartbeat_at = now() - interval '1 hour' "
                    + "where finished_at is null");
        }

        legacy.importedAndVerified(row);
    }

    /** A new legacy database {@code name} of messages, which the service's import reads. */
    private LegacyImportRuns legacyDatabase(String name) throws Exception {
        return LegacyImportRuns.fresh(legacyImport, DATABASE, name, LEGACY_TABLE);
    }

    private static void sql(String database, String statement) throws Exception {
        try (Connection db = PostgresResource.connect(database); Statement sql = db.createStatement()) {
            sql.execute(statement);
        }
    }

    static UUID insert(LegacyImportRuns legacy, UUID user, UUID profile, String category, Instant createdAt,
            String audio) throws Exception {
        return legacy.insert("insert into messages values (?, ?, ?, 'Happy birthday', ?, 'My daughter', null, "
                + "'for her birthday', 'Happy birthday, love.', 'audio/webm', ?, ?)", user, profile, category,
                createdAt, audio);
    }

    private static List<EssenceEvent> eventsOf(UUID profile, int expected) {
        return KafkaTestClient.eventsOf(EventType.Topics.MESSAGES, profile.toString(), e -> true, expected);
    }
}
