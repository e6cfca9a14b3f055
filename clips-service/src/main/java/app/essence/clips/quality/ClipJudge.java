package app.essence.clips.quality;

import app.essence.clips.prompt.Prompt;
import app.essence.common.media.MediaKind;
import app.essence.common.storage.ByteRange;
import app.essence.common.storage.StorageClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Measures a stored recording, decoded as the kind its first bytes named, and judges it against its prompt. */
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
        try (InputStream audio = storage.get(key, ByteRange.whole(sizeBytes))) {
            return analyzer.analyze(audio, kind);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
