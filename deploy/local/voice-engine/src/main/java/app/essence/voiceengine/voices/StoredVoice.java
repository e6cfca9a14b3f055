package app.essence.voiceengine.voices;

import java.util.List;
import java.util.Map;

/**
 * A voice as the engine keeps it on disk. {@code cloned} is always false and {@code speaksWith} names the one voice
 * that speaks for every id: the file itself says that the recordings were not cloned.
 */
public record StoredVoice(
        String voiceId,
        String name,
        String description,
        Map<String, String> labels,
        List<VoiceSample> samples,
        boolean removeBackgroundNoise,
        long createdAtUnix,
        boolean cloned,
        String speaksWith) {

    public long totalBytes() {
        return samples.stream().mapToLong(VoiceSample::sizeBytes).sum();
    }
}
