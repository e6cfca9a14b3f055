package app.essence.clips.quality;

import app.essence.clips.clip.QualityStatus;

/** A clip's quality: its status, a stable machine-readable reason, and a sentence that tells the user what to do. */
public record QualityVerdict(QualityStatus status, String reason, String message, AudioMeasurements measured) {

    public static QualityVerdict good(AudioMeasurements measured) {
        return new QualityVerdict(QualityStatus.good, "good", "clear and usable", measured);
    }

    public static QualityVerdict redo(String reason, String message, AudioMeasurements measured) {
        return new QualityVerdict(QualityStatus.redo_suggested, reason, message, measured);
    }

    public static QualityVerdict unknown(String why) {
        return new QualityVerdict(QualityStatus.unknown, "undecodable",
                "we could not check this recording here (" + why + "); it is kept as it is", null);
    }
}
