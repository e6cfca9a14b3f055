package app.essence.clips.quality;

import app.essence.clips.prompt.Prompt;
import app.essence.common.media.MediaKind;
import app.essence.common.storage.ByteRange;
import app.essence.common.storage.StorageClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Measures a stored recording, decoded as the kind its first bytes named, and judges it against its prompt. FFmpeg
 * always reads a local file: the stored one (filesystem), or a temporary copy streamed from the backend (S3), since
 * JavaCV would hold a stream whole in memory to seek in it (docs/storage.md, "Uploads").
 */
@ApplicationScoped
public class ClipJudge {
    private final StorageClient storage;
    private final AudioAnalyzer analyzer;
    private final QualityRules rules;

    public ClipJudge(StorageClient storage, AudioAnalyzer analyzer, QualityRules rules) {
        this.storage = storage;
        this.analyzer = analyzer;
        this.rules = rules;
    }

    public QualityVerdict judge(String key, long sizeBytes, MediaKind kind, Prompt prompt) {
        try {
            return rules.judge(measure(key, sizeBytes, kind), prompt);
        } catch (AudioAnalyzer.UndecodableAudioException e) {
            return QualityVerdict.unknown(e.reason());
        }
    }

    private AudioMeasurements measure(String key, long sizeBytes, MediaKind kind) {
        var file = storage.localFile(key);
        if (file.isPresent()) {
            return analyzer.analyze(file.get().toFile(), kind);
        }
        try {
            Path copy = Files.createTempFile("essence-judge-", "." + kind.extension());
            try {
                try (InputStream audio = storage.get(key, ByteRange.whole(sizeBytes))) {
                    Files.copy(audio, copy, StandardCopyOption.REPLACE_EXISTING);
                }
                return analyzer.analyze(copy.toFile(), kind);
            } finally {
                Files.deleteIfExists(copy);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
