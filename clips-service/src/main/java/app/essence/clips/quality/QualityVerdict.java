package app.essence.clips.quality;


/** A clip's quality: its status, a stable machine-readable reason, and a sentence that tells the user what to do. */
public record QualityVerdict(QualityStatus status, String reason, String message, AudioMeasurements measured) {

    public static QualityVerdict good(AudioMeasurements measured) {
        return new QualityVerdict(QualityStatus.good, "good", "clear and usable", measured);
    }

    /** Good, with a soft hint: the loudest moments came close to full scale. */
    public static QualityVerdict goodWithHint(AudioMeasurements measured) {
        return new QualityVerdict(QualityStatus.good, "good", "clear and usable; your loudest moments came close "
                + "to the limit, so a little more distance from the microphone would be safer next time", measured);
    }

    public static QualityVerdict redo(String reason, String message, AudioMeasurements measured) {
        return new QualityVerdict(QualityStatus.redo_suggested, reason, message, measured);
    }

    /**
     * A clip that could not be measured: {@code undecodable}, {@code no_audio}, {@code decoding_time_limit} or
     * {@code decoder_unavailable}.
     */
    public static QualityVerdict unknown(String reason) {
        String message = switch (reason) {
            case "no_audio" -> "we found no sound in this file; it is kept, but please check it and record it again";
            case "decoder_unavailable" -> "we could not check this recording just now; it is kept as it is";
            case "decoding_time_limit" -> "this recording took too long to check; it is kept, but please record "
                    + "it again";
            default -> "we could not read this recording's audio here; it is kept, but please record it again "
                    + "if it does not play";
        };
        return new QualityVerdict(QualityStatus.unknown, reason, message, null);
    }
}
