package app.essence.clips.clip;

import app.essence.clips.prompt.Prompt;
import java.time.Instant;
import java.util.UUID;

/** One prompt of a profile's script and, once recorded, its clip. */
public record ClipView(int promptIndex, Integer stage, String promptText, boolean recorded, UUID id, String mimeType,
        Integer sizeBytes, Integer durationMs, QualityStatus qualityStatus, String qualityReason,
        String qualityMessage, Measured measured, Instant createdAt, Instant updatedAt) {

    public static ClipView of(TrainingClip clip) {
        Measured measured = clip.rmsDbfs == null ? null : new Measured(clip.rmsDbfs, clip.peakDbfs,
                clip.clippedRatio, clip.silenceRatio, clip.noiseFloorDbfs);
        return new ClipView(clip.promptIndex, clip.stage, clip.promptText, true, clip.id, clip.mimeType,
                clip.sizeBytes, clip.durationMs, clip.qualityStatus, clip.qualityReason, clip.qualityMessage,
                measured, clip.createdAt, clip.updatedAt);
    }

    public static ClipView notRecorded(Prompt prompt) {
        return new ClipView(prompt.promptIndex(), prompt.stage(), prompt.promptText(), false, null, null, null,
                null, null, null, null, null, null, null);
    }

    /** What the quality verdict was measured from (dBFS and shares from 0 to 1). */
    public record Measured(Float rmsDbfs, Float peakDbfs, Float clippedRatio, Float silenceRatio,
            Float noiseFloorDbfs) {
    }
}
