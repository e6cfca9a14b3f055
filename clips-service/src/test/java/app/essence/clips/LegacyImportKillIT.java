package app.essence.clips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.EventType;
import app.essence.common.legacy.LegacyAudio;
import app.essence.common.storage.StorageKeys;
import app.essence.testing.AudioFixtures;
import app.essence.testing.ImportKillRig;
import app.essence.testing.KilledImports;
import app.essence.testing.KilledImports.Runs;
import app.essence.testing.LegacyImportRuns;
import app.essence.testing.LegacyImportRuns.LedgerRow;
import app.essence.testing.PostgresResource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The legacy import as an operator runs it, its own process from the packaged jar (./essence import-legacy), killed
 * with SIGKILL twice in the middle of a run and run again (docs/legacy-import.md, "Once and only once"): every good
 * row ends imported exactly once (one ledger row, one clip, one file, one event), the bad rows failed with their
 * reasons, and the run that finishes verifies every imported row. profiles-service answers the import's operator
 * look-ups a little slowly (every row's profile is one it must ask about), so each kill lands mid-run.
 */
class LegacyImportKillIT {
    private static final String DATABASE = "essence_clips_import_kill";
    private static final int GOOD_ROWS = 240;
    private static final int PROFILES_DELAY_MS = 100;
    private static final Instant RECORDED_AT = Instant.parse("2025-03-01T10:15:30Z");

    @Test
    void killedTwiceMidRunAndRunAgainImportsEveryGoodRowExactlyOnce() throws Exception {
        try (ImportKillRig rig = ImportKillRig.open(DATABASE)) {
            killedTwiceAndRunAgain(rig);
        }
    }

    private static void killedTwiceAndRunAgain(ImportKillRig rig) throws Exception {
        Path storage = rig.storage();
        // Imported by the jar in its own process (the rig), not by a LegacyImport in this JVM.
        LegacyImportRuns legacy = LegacyImportRuns.fresh(null, DATABASE, "essence_legacy_clips_kill",
                LegacyImportTests.LEGACY_TABLE);
        Map<UUID, Good> good = new LinkedHashMap<>();
        for (int i = 0; i < GOOD_ROWS; i++) {
            UUID user = UUID.randomUUID();
            UUID profile = UUID.randomUUID();
            // Each row its own audio (its own SHA-256), so a row's file can only be its own.
            byte[] audio = AudioFixtures.wav(AudioFixtures.voiceLike(2000 + 4 * i, -20));
            ImportKillRig.knownProfile(profile, user, PROFILES_DELAY_MS);
            UUID id = LegacyImportTests.insert(legacy, user, profile, i % 25, "audio/wav", RECORDED_AT,
                    base64(audio));
            good.put(id, new Good(user, profile, i % 25, LegacyAudio.sha256(audio)));
        }
        byte[] voice = AudioFixtures.wav(AudioFixtures.voiceLike(2000, -20));
        Map<UUID, String> bad = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            bad.put(insertFor(legacy, 0, "UklGR!!!not*base64"), "bad-base64");
            bad.put(insertFor(legacy, 1, base64("a letter, not a recording".getBytes(StandardCharsets.UTF_8))),
                    "not-audio");
            // profiles-service does not know the profile: a 404.
            bad.put(LegacyImportTests.insert(legacy, UUID.randomUUID(), UUID.randomUUID(), 2, "audio/wav",
                    RECORDED_AT, base64(voice)), "unknown-profile");
        }
        bad.put(insertFor(legacy, 31, base64(voice)), "bad-prompt-index");

        List<String> uneven = new ArrayList<>();
        Runs runs = rig.killTwiceThenFinish(legacy.url(), () -> KilledImports.importedTogetherWith(DATABASE, uneven,
                "select count(*) from training_clips", "select count(*) from outbox_events where event_type = '"
                        + EventType.CLIP_UPLOADED.typeName() + "'"), 40, 60);

        rig.assertKilledTwiceThenDone(runs, uneven, good.size(), bad.size());
        // Each good row imported once and verified; its one clip holds the row's audio, in the one object of its key.
        Map<UUID, String> sha256 = new HashMap<>();
        good.forEach((row, expected) -> sha256.put(row, expected.sha256()));
        Map<String, LedgerRow> ledger = rig.assertLedger(sha256, bad);
        Map<UUID, Clip> clips = clips();
        assertEquals(good.size(), clips.size(), "one clip per good row");
        Set<String> reserved = reservedForRemoval();
        int leftovers = 0;
        for (Map.Entry<UUID, Good> row : good.entrySet()) {
            Good expected = row.getValue();
            Clip clip = clips.get(expected.profile());
            assertNotNull(clip, "the clip of row " + row.getKey());
            assertEquals(expected.promptIndex(), clip.promptIndex());
            assertEquals(ledger.get(row.getKey().toString()).storagePath(), clip.path());
            assertEquals(expected.sha256(), LegacyAudio.sha256(Files.readAllBytes(storage.resolve(clip.path()))));
            // Any other file in the profile's folder is a killed attempt's, reserved for the running service's
            // sweeper (docs/design.md §6), never a second clip.
            for (String file : committedFiles(storage, expected)) {
                if (!file.equals(clip.path())) {
                    assertTrue(reserved.contains(file), file + " is neither the clip's nor reserved for removal");
                    leftovers++;
                }
            }
        }
        rig.assertOneEventEach(EventType.CLIP_UPLOADED, good.values().stream().map(Good::profile).toList());
        rig.assertOperatorTokensSigned(good.size());
        System.out.printf("legacy import kill test (clips): %d files of killed attempts await the sweeper%n",
                leftovers);
    }

    /** A row with a profile of its own that profiles-service knows. */
    private static UUID insertFor(LegacyImportRuns legacy, int promptIndex, String audio) throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        ImportKillRig.knownProfile(profile, user, 0);
        return LegacyImportTests.insert(legacy, user, profile, promptIndex, "audio/wav", RECORDED_AT, audio);
    }

    private static Map<UUID, Clip> clips() throws SQLException {
        Map<UUID, Clip> clips = new HashMap<>();
        try (Connection db = PostgresResource.connect(DATABASE); Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery("select profile_id, prompt_index, audio_storage_path "
                        + "from training_clips")) {
            while (result.next()) {
                Clip previous = clips.put((UUID) result.getObject(1), new Clip(result.getInt(2), result.getString(3)));
                assertNull(previous, "a second clip of profile " + result.getObject(1));
            }
        }
        return clips;
    }

    private static Set<String> reservedForRemoval() throws SQLException {
        Set<String> paths = new HashSet<>();
        try (Connection db = PostgresResource.connect(DATABASE); Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery("select path from clip_file_removals")) {
            while (result.next()) {
                paths.add(result.getString(1));
            }
        }
        return paths;
    }

    /** The files in the profile's committed clip folder, as storage keys. */
    private static List<String> committedFiles(Path storage, Good row) throws IOException {
        String key = StorageKeys.trainingClip(row.user(), row.profile(), row.promptIndex(), UUID.randomUUID(), "wav");
        try (Stream<Path> files = Files.list(storage.resolve(key).getParent())) {
            return files.map(file -> storage.relativize(file).toString()).toList();
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private record Good(UUID user, UUID profile, int promptIndex, String sha256) {
    }

    private record Clip(int promptIndex, String path) {
    }
}
