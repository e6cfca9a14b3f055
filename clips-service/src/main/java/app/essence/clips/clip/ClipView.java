package app.essence.clips.clip;

import app.essence.clips.prompt.Prompt;
import app.essence.clips.quality.QualityStatus;
import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One prompt of a profile's script and, once recorded, its clip. */
public record ClipView(int promptIndex, @Schema(nullable = true) Integer stage, String promptText, boolean recorded,
        @Schema(nullable = true) UUID id, @Schema(nullable = true) String mimeType,
        @Schema(nullable = true) Integer sizeBytes, @Schema(nullable = true) Integer durationMs,
        @Schema(nullable = true) QualityStatus qualityStatus, @Schema(nullable = true) String qualityReason,
        @Schema(nullable = true) String qualityMessage, @Schema(nullable = true) Measured measured,
        @Schema(nullable = true) Instant createdAt, @Schema(nullable = true) Instant updatedAt) {

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
