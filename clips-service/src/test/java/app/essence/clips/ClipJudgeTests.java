package app.essence.clips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.clips.prompt.Prompt;
import app.essence.clips.prompt.PromptScript;
import app.essence.clips.quality.AudioAnalyzer;
import app.essence.clips.quality.AudioMeasurements;
import app.essence.clips.quality.ClipJudge;
import app.essence.clips.quality.QualityRules;
import app.essence.clips.quality.QualityVerdict;
import app.essence.common.media.MediaKind;
import app.essence.common.storage.FilesystemStorageClient;
import app.essence.common.storage.StorageKeys;
import app.essence.testing.AudioFixtures;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A clip is judged from a local file on every backend: on one without local files (S3), a temporary copy streamed
 * from it, removed afterwards, never a stream JavaCV would hold whole in memory (docs/storage.md, "Uploads").
 */
class ClipJudgeTests {
    private static final Prompt PROMPT = new PromptScript().all().get(3);

    @TempDir
    Path root;

    @Test
    void aBackendWithoutLocalFilesIsJudgedFromATemporaryCopyThatIsRemovedAfterwards() throws IOException {
        FilesystemStorageClient remote = new FilesystemStorageClient(root) {
            @Override
            public Optional<Path> localFile(String key) {
                return Optional.empty(); // as S3: only streams
            }
        };
        FileOnlyAnalyzer analyzer = new FileOnlyAnalyzer();
        ClipJudge judge = new ClipJudge(remote, analyzer, new QualityRules(QualityConfigs.defaults()));
        ClipJudge inPlace = new ClipJudge(new FilesystemStorageClient(root), new FileOnlyAnalyzer(),
                new QualityRules(QualityConfigs.defaults()));
        for (MediaKind kind : new MediaKind[] { MediaKind.WAV, MediaKind.M4A }) {
            byte[] take = kind == MediaKind.WAV
                    ? Recordings.encoded(AudioFixtures.voiceLike(4000, -19), 1, Recordings.RATE, "wav", 44_100)
                    : Recordings.m4aIndexedAtTheEnd(AudioFixtures.voiceLike(4000, -19));
            String key = stored(remote, take, kind);

            QualityVerdict verdict = judge.judge(key, take.length, kind, PROMPT);

            assertNotNull(verdict.measured(), kind + " decoded: " + verdict);
            assertEquals(inPlace.judge(key, take.length, kind, PROMPT), verdict, kind + ": as judged in place");
            assertNotNull(analyzer.read, kind + " was judged from a file");
            assertFalse(analyzer.read.toPath().startsWith(root), "a copy, not the stored object: " + analyzer.read);
            assertFalse(analyzer.read.exists(), "the copy is removed once judged: " + analyzer.read);
        }
    }

    @Test
    void theFilesystemIsJudgedFromTheStoredFileItself() throws IOException {
        FilesystemStorageClient local = new FilesystemStorageClient(root);
        FileOnlyAnalyzer analyzer = new FileOnlyAnalyzer();
        ClipJudge judge = new ClipJudge(local, analyzer, new QualityRules(QualityConfigs.defaults()));
        byte[] take = Recordings.encoded(AudioFixtures.voiceLike(4000, -19), 1, Recordings.RATE, "wav", 44_100);
        String key = stored(local, take, MediaKind.WAV);

        assertNotNull(judge.judge(key, take.length, MediaKind.WAV, PROMPT).measured());
        assertEquals(local.localFile(key).orElseThrow().toFile(), analyzer.read);
        assertTrue(analyzer.read.exists(), "the stored clip stays");
    }

    private static String stored(FilesystemStorageClient storage, byte[] take, MediaKind kind) throws IOException {
        String key = StorageKeys.incomingClip(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(),
                kind.extension());
        storage.put(key, new ByteArrayInputStream(take), take.length, kind.mimeType());
        return key;
    }

    /** The real analyzer, refusing streams: what it was handed is kept to be looked at afterwards. */
    private static final class FileOnlyAnalyzer extends AudioAnalyzer {
        File read;

        FileOnlyAnalyzer() {
            super(QualityConfigs.defaults());
        }

        @Override
        public AudioMeasurements analyze(File audio, MediaKind kind) {
            read = audio;
            assertTrue(Files.isRegularFile(audio.toPath()), "a local file while judged");
            return super.analyze(audio, kind);
        }

        @Override
        public AudioMeasurements analyze(InputStream audio, MediaKind kind) {
            throw new AssertionError("a stream JavaCV holds whole in memory");
        }
    }
}
