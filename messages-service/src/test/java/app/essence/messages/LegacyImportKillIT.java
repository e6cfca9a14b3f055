package app.essence.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.common.events.EventType;
import app.essence.common.legacy.LegacyAudio;
import app.essence.common.storage.StorageKeys;
import app.essence.messages.message.MessageImports;
import app.essence.testing.AudioFixtures;
import app.essence.testing.ImportKillRig;
import app.essence.testing.KilledImports;
import app.essence.testing.KilledImports.Runs;
import app.essence.testing.LegacyImportRuns;
import app.essence.testing.LegacyImportRuns.LedgerRow;
import app.essence.testing.Mp3Fixtures;
import app.essence.testing.PostgresResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The messages' legacy import as its own process from the packaged jar (./essence import-legacy), killed with SIGKILL
 * twice mid-run and run again (docs/legacy-import.md, "Once and only once"): every good row ends one ready message,
 * one file at its key, one MessageCreated and one MessageReady, imported once and verified; the bad rows failed with
 * their reasons. profiles-service answers the import's operator look-ups a little slowly, so each kill lands mid-run.
 */
class LegacyImportKillIT {
    private static final String DATABASE = "essence_messages_import_kill";
    private static final int GOOD_ROWS = 200;
    private static final int PROFILES_DELAY_MS = 100;
    private static final Instant AT = Instant.parse("2024-12-24T18:00:00Z");

    @Test
    void killedTwiceMidRunAndRunAgainImportsEveryGoodRowExactlyOnce() throws Exception {
        try (ImportKillRig rig = ImportKillRig.open(DATABASE)) {
            killedTwiceAndRunAgain(rig);
        }
    }

    private static void killedTwiceAndRunAgain(ImportKillRig rig) throws Exception {
        // Imported by the jar in its own process (the rig), not by a LegacyImport in this JVM.
        LegacyImportRuns legacy = LegacyImportRuns.fresh(null, DATABASE, "essence_legacy_messages_kill",
                LegacyImportTests.LEGACY_TABLE);
        Map<UUID, Good> good = new LinkedHashMap<>();
        for (int i = 0; i < GOOD_ROWS; i++) {
            UUID user = UUID.randomUUID();
            UUID profile = UUID.randomUUID();
            // Each row its own MP3 (its own SHA-256), so a row's file can only be its own.
            byte[] mp3 = Mp3Fixtures.speechLike(1000 + 5 * i, 44_100, 64);
            ImportKillRig.knownProfile(profile, user, PROFILES_DELAY_MS);
            UUID id = LegacyImportTests.insert(legacy, user, profile, "birthday", AT, base64(mp3));
            good.put(id, new Good(user, profile, LegacyAudio.sha256(mp3)));
        }
        byte[] mp3 = Mp3Fixtures.speechLike(1000, 44_100, 64);
        Map<UUID, String> bad = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            bad.put(insertFor(legacy, "birthday", "SUQz***"), "bad-base64");
            bad.put(insertFor(legacy, "birthday", base64(AudioFixtures.toneWav(500))), "not-audio");
            // profiles-service does not know the profile: a 404.
            bad.put(LegacyImportTests.insert(legacy, UUID.randomUUID(), UUID.randomUUID(), "birthday", AT,
                    base64(mp3)), "unknown-profile");
        }
        bad.put(insertFor(legacy, "wedding", base64(mp3)), "bad-category");

        List<String> uneven = new ArrayList<>();
        Runs runs = rig.killTwiceThenFinish(legacy.url(), () -> KilledImports.importedTogetherWith(DATABASE, uneven,
                "select count(*) from messages", outboxCount(EventType.MESSAGE_CREATED),
                outboxCount(EventType.MESSAGE_READY)), 30, 50);

        rig.assertKilledTwiceThenDone(runs, uneven, good.size(), bad.size());
        // Each good row imported once and verified: one ready message, its audio the one object at its key.
        Map<UUID, String> sha256 = new HashMap<>();
        good.forEach((row, expected) -> sha256.put(row, expected.sha256()));
        Map<String, LedgerRow> ledger = rig.assertLedger(sha256, bad);
        Map<UUID, String> messages = readyMessages();
        assertEquals(good.size(), messages.size(), "one ready message per good row");
        for (Map.Entry<UUID, Good> row : good.entrySet()) {
            Good expected = row.getValue();
            UUID message = MessageImports.messageIdOf(row.getKey().toString());
            String key = StorageKeys.message(expected.user(), expected.profile(), message);
            assertEquals(key, messages.get(message));
            assertEquals(key, ledger.get(row.getKey().toString()).storagePath());
            Path stored = rig.storage().resolve(key);
            assertEquals(expected.sha256(), LegacyAudio.sha256(Files.readAllBytes(stored)));
            // A retry writes the same key: one object, however often the row was begun.
            try (Stream<Path> files = Files.list(stored.getParent())) {
                assertEquals(List.of(stored), files.toList());
            }
        }
        List<UUID> profiles = good.values().stream().map(Good::profile).toList();
        rig.assertOneEventEach(EventType.MESSAGE_CREATED, profiles);
        rig.assertOneEventEach(EventType.MESSAGE_READY, profiles);
        rig.assertOperatorTokensSigned(good.size());
    }

    /** A row with a profile of its own that profiles-service knows. */
    private static UUID insertFor(LegacyImportRuns legacy, String category, String audio) throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        ImportKillRig.knownProfile(profile, user, 0);
        return LegacyImportTests.insert(legacy, user, profile, category, AT, audio);
    }

    private static String outboxCount(EventType type) {
        return "select count(*) from outbox_events where event_type = '" + type.typeName() + "'";
    }

    /** The ready messages' audio keys, by message. */
    private static Map<UUID, String> readyMessages() throws Exception {
        Map<UUID, String> messages = new HashMap<>();
        try (Connection db = PostgresResource.connect(DATABASE); Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery("select id, audio_storage_path from messages "
                        + "where status = 'ready'")) {
            while (result.next()) {
                messages.put((UUID) result.getObject(1), result.getString(2));
            }
        }
        return messages;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private record Good(UUID user, UUID profile, String sha256) {
    }
}
