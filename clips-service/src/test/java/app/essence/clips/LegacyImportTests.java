package app.essence.clips;

import static app.essence.clips.Clips.STORAGE;
import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static app.essence.clips.Clips.filesOf;
import static app.essence.testing.LegacyImportRuns.base64;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.ClipEvents.ClipUploaded;
import app.essence.common.events.EventType;
import app.essence.common.legacy.LegacyAudio;
import app.essence.common.legacy.LegacyImport;
import app.essence.testing.AudioFixtures;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.LegacyImportRuns;
import app.essence.testing.LegacyImportRuns.Ledger;
import app.essence.testing.LegacyImportRuns.LedgerRow;
import app.essence.testing.LegacyImportRuns.Run;
import app.essence.testing.PostgresResource;
import app.essence.testing.ProfilesServiceStub;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The legacy import of voice recordings (docs/legacy-import.md) against a legacy database each test builds in the
 * mapping's default shape, on the real PostgreSQL server.
 */
@QuarkusTest
class LegacyImportTests {
    static final String LEGACY_TABLE = "create table voice_recordings (\"id\" uuid primary key, "
            + "\"userId\" uuid, \"profileId\" uuid, \"promptIndex\" integer, \"mimeType\" text, "
            + "\"createdAt\" timestamptz, \"audioData\" text)";
    private static final byte[] VOICE = AudioFixtures.wav(AudioFixtures.voiceLike(3000, -20));
    private static final byte[] TONE = AudioFixtures.toneWav(1500);

    private static final String DATABASE = "essence_clips_test";

    @Inject
    LegacyImport legacyImport;

    @Test
    void importsEveryGoodRowOnceThroughTheUploadPathAndSaysWhyTheOthersWereNot() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        UUID knownOnlyToProfilesService = UUID.randomUUID();
        ProfilesServiceStub.answersOperator(knownOnlyToProfilesService, "test-operator-token", user);
        Instant recordedAt = Instant.parse("2025-03-01T10:15:30Z");
        LegacyImportRuns legacy = legacyDatabase("essence_legacy_clips_rows");
        Map<String, UUID> rows = new HashMap<>();
        // The mimeType column lies: the bytes are WAV.
        rows.put("voice", insert(legacy, user, profile, 0, "audio/mpeg", recordedAt, base64(VOICE)));
        rows.put("tone", insert(legacy, user, profile, 1, "audio/webm", recordedAt, base64(TONE)));
        rows.put("older take", insert(legacy, user, profile, 1, "audio/webm", recordedAt.minusSeconds(60),
                base64(VOICE)));
        rows.put("read through", insert(legacy, user, knownOnlyToProfilesService, 0, "audio/wav", recordedAt,
                "data:audio/wav;base64," + Base64.getMimeEncoder().encodeToString(VOICE)));
        rows.put("bad base64", insert(legacy, user, profile, 2, "audio/wav", recordedAt, "UklGR!!!not*base64"));
        rows.put("not audio", insert(legacy, user, profile, 3, "audio/wav", recordedAt,
                base64("a letter, not a recording".getBytes(StandardCharsets.UTF_8))));
        rows.put("unknown profile", insert(legacy, user, UUID.randomUUID(), 4, "audio/wav", recordedAt,
                base64(VOICE)));
        rows.put("another's profile", insert(legacy, UUID.randomUUID(), profile, 5, "audio/wav", recordedAt,
                base64(VOICE)));
        rows.put("bad prompt", insert(legacy, user, profile, 31, "audio/wav", recordedAt, base64(VOICE)));
        rows.put("no audio", insert(legacy, user, profile, 6, "audio/wav", recordedAt, null));
        // An empty newer take hides no older audio: the newest take that holds audio is the clip.
        rows.put("empty newest take", insert(legacy, user, profile, 7, "audio/wav", recordedAt, ""));
        rows.put("older take with audio", insert(legacy, user, profile, 7, "audio/wav", recordedAt.minusSeconds(60),
                base64(VOICE)));
        // Far over essence.clips.max-bytes (300 kB here): refused as it streams, the run goes on.
        rows.put("huge", insert(legacy, user, profile, 8, "audio/wav", recordedAt, null));
        legacy.sql("update voice_recordings set \"audioData\" = repeat('UklGRi', 4000000) where id = '"
                + rows.get("huge") + "'");
        // Deleted in the product: their audio is not brought back.
        UUID deletedProfile = announcedProfile(user);
        legacy.sql("insert into profiles values ('" + profile + "', null), ('" + deletedProfile + "', now())");
        rows.put("deleted profile", insert(legacy, user, deletedProfile, 0, "audio/wav", recordedAt, base64(VOICE)));
        UUID deletedUser = UUID.randomUUID();
        legacy.sql("insert into users values ('" + user + "', null), ('" + deletedUser + "', now())");
        rows.put("deleted user", insert(legacy, deletedUser, profile, 9, "audio/wav", recordedAt, base64(VOICE)));

        Run first = legacy.run("--report", "target/legacy-clips-rows.csv");

        assertEquals(LegacyImport.NOT_ALL_VERIFIED, first.exitCode(), first.console());
        assertTrue(first.console().contains("15/15 rows (100.0%)"), first.console());
        assertTrue(first.console().contains("rows/s"), first.console());
        Ledger ledger = legacy.ledger();
        ledger.assertOutcome(rows.get("voice"), "imported", null);
        ledger.assertOutcome(rows.get("tone"), "imported", null);
        ledger.assertOutcome(rows.get("read through"), "imported", null);
        ledger.assertOutcome(rows.get("older take"), "skipped", "superseded");
        ledger.assertOutcome(rows.get("no audio"), "skipped", "no-audio");
        ledger.assertOutcome(rows.get("bad base64"), "failed", "bad-base64");
        ledger.assertOutcome(rows.get("not audio"), "failed", "not-audio");
        ledger.assertOutcome(rows.get("unknown profile"), "failed", "unknown-profile");
        ledger.assertOutcome(rows.get("another's profile"), "failed", "unknown-profile");
        ledger.assertOutcome(rows.get("bad prompt"), "failed", "bad-prompt-index");
        ledger.assertOutcome(rows.get("empty newest take"), "skipped", "no-audio");
        ledger.assertOutcome(rows.get("older take with audio"), "imported", null);
        ledger.assertOutcome(rows.get("huge"), "failed", "too-large");
        ledger.assertOutcome(rows.get("deleted profile"), "skipped", "deleted-profile");
        ledger.assertOutcome(rows.get("deleted user"), "skipped", "deleted-user");
        for (String imported : List.of("voice", "tone", "read through", "older take with audio")) {
            LedgerRow row = ledger.get(rows.get(imported));
            assertTrue(row.verified(), imported + " is verified");
            assertEquals(LegacyAudio.sha256(Files.readAllBytes(STORAGE.resolve(row.storagePath()))), row.sha256());
        }
        String report = Files.readString(Path.of("target/legacy-clips-rows.csv"));
        assertEquals(16, report.lines().count(), report);
        assertTrue(report.contains(rows.get("bad base64") + ",failed,bad-base64,"), report);

        // Stored and judged as an upload is: sniffed type, the legacy time, a quality verdict.
        try (Connection db = PostgresResource.connect(DATABASE);
                PreparedStatement query = db.prepareStatement("select prompt_index, mime_type, created_at, "
                        + "quality_status::text, duration_ms from training_clips where profile_id = ? "
                        + "order by prompt_index")) {
            query.setObject(1, profile);
            try (ResultSet clips = query.executeQuery()) {
                assertTrue(clips.next());
                assertEquals(0, clips.getInt(1));
                assertEquals("audio/wav", clips.getString(2));
                assertEquals(recordedAt, clips.getTimestamp(3).toInstant());
                assertEquals("good", clips.getString(4));
                assertEquals(3000, clips.getInt(5), 50);
                assertTrue(clips.next());
                assertEquals(1, clips.getInt(1));
                assertTrue(clips.next());
                assertEquals(7, clips.getInt(1));
                assertFalse(clips.next());
            }
        }
        assertEquals(0, count("select count(*) from training_clips where profile_id = '" + deletedProfile + "'"));
        List<ClipUploaded> events = uploads(profile, 3);
        assertEquals(List.of(1, 2, 3), events.stream().map(ClipUploaded::trainingClipCount).toList());

        Run second = legacy.run();

        assertEquals(LegacyImport.NOT_ALL_VERIFIED, second.exitCode(), second.console());
        assertEquals(3, uploads(profile, 3).size(), "a second run announces nothing new");
        assertEquals(3, filesOf(user, profile).size());
        assertTrue(second.console().contains("4 imported (4 verified, 0 not), 5 skipped, 6 failed"),
                second.console());
        assertDropRefused(legacy, "did not verify every row");
    }

    /**
     * A newest take that the decoder finds no audio in (a bare data: prefix, line breaks and spaces) is no take: the
     * older one that holds audio is the clip, never "superseded" by a take that was skipped.
     */
    @Test
    void aNewestTakeWithOnlyAPrefixOrWhitespaceHidesNoOlderAudio() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        LegacyImportRuns legacy = legacyDatabase("essence_legacy_clips_blank");
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID prefixOnly = insert(legacy, user, profile, 0, "audio/webm", at, "data:audio/webm;base64,");
        UUID olderVoice = insert(legacy, user, profile, 0, "audio/wav", at.minusSeconds(60), base64(VOICE));
        UUID blank = insert(legacy, user, profile, 1, "audio/webm", at, " \r\n ".repeat(200));
        UUID olderTone = insert(legacy, user, profile, 1, "audio/wav", at.minusSeconds(60), base64(TONE));

        Run run = legacy.run();

        assertEquals(LegacyImport.ALL_VERIFIED, run.exitCode(), run.console());
        Ledger ledger = legacy.ledger();
        ledger.assertOutcome(prefixOnly, "skipped", "no-audio");
        ledger.assertOutcome(blank, "skipped", "no-audio");
        assertEquals(LegacyAudio.sha256(VOICE), ledger.assertImportedAndVerified(olderVoice).sha256());
        assertEquals(LegacyAudio.sha256(TONE), ledger.assertImportedAndVerified(olderTone).sha256());
    }

    @Test
    void aCrashBetweenUploadAndLedgerCommitImportsTheRowOnceWhenRunAgain() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        LegacyImportRuns legacy = legacyDatabase("essence_legacy_clips_crash");
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID first = insert(legacy, user, profile, 0, "audio/wav", at, base64(VOICE));
        UUID crashing = insert(legacy, user, profile, 1, "audio/wav", at, base64(TONE));
        UUID last = insert(legacy, user, profile, 2, "audio/wav", at, base64(VOICE));
        legacy.crashOnImportOf(crashing);
        try {
            Run interrupted = legacy.run();
            assertEquals(LegacyImport.NOT_ALL_VERIFIED, interrupted.exitCode(), interrupted.console());
            legacy.ledger().assertOutcome(crashing, "failed", "error");
        } finally {
            legacy.noMoreCrashes();
        }

        Run resumed = legacy.run();

        assertEquals(LegacyImport.ALL_VERIFIED, resumed.exitCode(), resumed.console());
        Ledger ledger = legacy.ledger();
        Map<UUID, byte[]> audio = Map.of(first, VOICE, crashing, TONE, last, VOICE);
        for (UUID row : List.of(first, crashing, last)) {
            LedgerRow entry = ledger.assertImportedAndVerified(row);
            assertEquals(LegacyAudio.sha256(audio.get(row)), entry.sha256());
            assertEquals(entry.sha256(), LegacyAudio.sha256(Files.readAllBytes(STORAGE.resolve(entry.storagePath()))));
        }
        List<ClipUploaded> events = uploads(profile, 3);
        assertEquals(3, events.size());
        // Rows go in id order (random here); the crashed one is announced once, by the run that resumed it.
        assertEquals(Set.of(0, 1, 2), events.stream().map(ClipUploaded::promptIndex).collect(Collectors.toSet()));
        assertEquals(1, events.get(2).promptIndex());
        assertEquals(List.of(1, 2, 3), events.stream().map(ClipUploaded::trainingClipCount).toList());
        assertEquals(3, count("select count(*) from training_clips where profile_id = '" + profile + "'"));
        // The crashed attempt's file does not stay: one file per clip.
        await().atMost(Duration.ofSeconds(20)).until(() -> filesOf(user, profile).size() == 3);
    }

    @Test
    void theAudioColumnIsDroppedOnlyAfterARunVerifiedEveryRow() throws Exception {
        TwoTakes takes = twoTakesImported("essence_legacy_clips_drop");
        LegacyImportRuns legacy = takes.legacy();
        UUID row = takes.first();

        Path stored = STORAGE.resolve(legacy.ledger().get(row).storagePath());
        byte[] original = Files.readAllBytes(stored);
        byte[] damaged = original.clone();
        damaged[damaged.length - 1] ^= 0x55;
        Files.write(stored, damaged);
        Run damagedRun = legacy.run();
        assertEquals(LegacyImport.NOT_ALL_VERIFIED, damagedRun.exitCode(), damagedRun.console());
        assertTrue(legacy.ledger().get(row).verifyError().contains("SHA-256"), legacy.ledger().get(row).toString());
        assertDropRefused(legacy, "did not verify every row");

        Files.write(stored, original);
        assertEquals(LegacyImport.ALL_VERIFIED, legacy.run().exitCode());
        insert(legacy, takes.user(), takes.profile(), 2, "audio/wav", takes.at(), base64(VOICE));
        assertDropRefused(legacy, "the newest run saw 2 rows; the table holds 3 now");

        assertEquals(LegacyImport.ALL_VERIFIED, legacy.run().exitCode());
        // A later run that is going on, or that was killed (it may have found a mismatch it never reported), and an
        // earlier one still going on: the last finished run's word is not enough.
        UUID later = runLike("now()", "now()");
        assertDropRefused(legacy, "(" + later + ") has not finished: it is running");
        sqlHere("update legacy_import_runs set heartbeat_at = now() - interval '1 hour' where id = '" + later + "'");
        assertDropRefused(legacy, "it was stopped; run the import again");
        assertEquals(LegacyImport.ALL_VERIFIED, legacy.run().exitCode());
        UUID earlier = runLike("now() - interval '1 hour'", "now()");
        assertDropRefused(legacy, "run " + earlier + " is running");
        sqlHere("update legacy_import_runs set heartbeat_at = now() - interval '1 hour' where id = '" + earlier + "'");

        Run dropped = legacy.run("--drop-columns");
        assertEquals(LegacyImport.ALL_VERIFIED, dropped.exitCode(), dropped.console());
        assertFalse(hasAudioColumn(legacy));
    }

    /**
     * A clip the user recorded again after the import holds the user's audio, not the legacy row's: its verification
     * is "superseded", never a failure that no run could clear, once the import's own file is gone.
     */
    @Test
    void aClipTheUserRecordedAgainSinceTheImportIsVerifiedAsSuperseded() throws Exception {
        TwoTakes takes = twoTakesImported("essence_legacy_clips_again");
        LegacyImportRuns legacy = takes.legacy();
        UUID row = takes.first();
        String imported = legacy.ledger().get(row).storagePath();

        as(takes.user()).contentType("audio/wav").body(TONE).put(clipsOf(takes.profile()) + "/0").then()
                .statusCode(200);
        // The sweeper removes the replaced file once it is due; here at once.
        Files.deleteIfExists(STORAGE.resolve(imported));
        Path report = Path.of("target/legacy-clips-again.csv");
        Run again = legacy.run("--report", report.toString());

        assertEquals(LegacyImport.ALL_VERIFIED, again.exitCode(), again.console());
        assertTrue(legacy.ledger().get(row).verified(), legacy.ledger().get(row).toString());
        assertEquals(null, legacy.ledger().get(row).verifyError());
        assertTrue(Files.readString(report).contains(row + ",imported,already-imported,true," + imported),
                Files.readString(report));
        assertTrue(Files.readString(report).contains("superseded: the user replaced its audio since the import"),
                Files.readString(report));
        Run dropped = legacy.run("--drop-columns");
        assertEquals(LegacyImport.ALL_VERIFIED, dropped.exitCode(), dropped.console());
    }

    /** A new profile's prompts 0 and 1 in a new legacy database {@code name}, imported and verified by a run. */
    private TwoTakes twoTakesImported(String name) throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        LegacyImportRuns legacy = legacyDatabase(name);
        Instant at = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        UUID first = insert(legacy, user, profile, 0, "audio/wav", at, base64(VOICE));
        insert(legacy, user, profile, 1, "audio/wav", at, base64(TONE));
        legacy.importedAndVerified(first);
        return new TwoTakes(user, profile, at, legacy, first);
    }

    /** What {@link #twoTakesImported} made: {@code first} is prompt 0's legacy row. */
    private record TwoTakes(UUID user, UUID profile, Instant at, LegacyImportRuns legacy, UUID first) {
    }

    /** A new legacy database {@code name} of voice recordings, which the service's import reads. */
    private LegacyImportRuns legacyDatabase(String name) throws Exception {
        return LegacyImportRuns.fresh(legacyImport, DATABASE, name, LEGACY_TABLE);
    }

    /** A run as the import records one, of the newest run's source, started and last alive at the times given. */
    private static UUID runLike(String startedAt, String heartbeatAt) throws Exception {
        UUID id = UUID.randomUUID();
        sqlHere("insert into legacy_import_runs (id, source, total_rows, started_at, heartbeat_at) select '" + id
                + "', source, total_rows, " + startedAt + ", " + heartbeatAt + " from legacy_import_runs "
                + "order by started_at desc limit 1");
        return id;
    }

    private static void sqlHere(String statement) throws Exception {
        try (Connection db = PostgresResource.connect(DATABASE); Statement sql = db.createStatement()) {
            sql.execute(statement);
        }
    }

    static UUID insert(LegacyImportRuns legacy, UUID user, UUID profile, int promptIndex, String mimeType,
            Instant createdAt, String audio) throws Exception {
        return legacy.insert("insert into voice_recordings values (?, ?, ?, ?, ?, ?, ?)", user, profile, promptIndex,
                mimeType, createdAt, audio);
    }

    /** {@code --drop-columns} is refused, saying {@code why}, and the audio column stays. */
    private static void assertDropRefused(LegacyImportRuns legacy, String why) throws Exception {
        Run drop = legacy.run("--drop-columns");
        assertEquals(LegacyImport.REFUSED, drop.exitCode(), drop.console());
        assertTrue(drop.console().contains(why), drop.console());
        assertTrue(hasAudioColumn(legacy));
    }

    private static boolean hasAudioColumn(LegacyImportRuns legacy) throws Exception {
        return legacy.hasColumn("voice_recordings", "audioData");
    }

    private static long count(String query) throws Exception {
        try (Connection db = PostgresResource.connect(DATABASE); Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery(query)) {
            result.next();
            return result.getLong(1);
        }
    }

    private static List<ClipUploaded> uploads(UUID profile, int expected) {
        return KafkaTestClient.eventsOf(EventType.Topics.CLIPS, profile.toString(), e -> e instanceof ClipUploaded,
                expected).stream().map(ClipUploaded.class::cast).toList();
    }

}
