package app.essence.clips.clip;

import app.essence.clips.prompt.Prompt;
import java.time.Instant;
import java.util.UUID;

/** One prompt of a profile's script and, once recorded, its clip. */
public record ClipView(int promptIndex, Integer stage, String promptText, boolean recorded, UUID id, String mimeType,
        Integer sizeBytes, Integer durationMs, QualityStatus qualityStatus, Instant createdAt, Instant updatedAt) {

    public static ClipView of(TrainingClip clip) {
        return new ClipView(clip.promptIndex, clip.stage, clip.promptText, true, clip.id, clip.mimeType,
                clip.sizeBytes, clip.durationMs, clip.qualityStatus, clip.createdAt, clip.updatedAt);
    }

    public static ClipView notRecorded(Prompt prompt) {
        return new ClipView(prompt.promptIndex(), prompt.stage(), prompt.promptText(), false, null, null, null,
                null, null, null, null);
    }
}
