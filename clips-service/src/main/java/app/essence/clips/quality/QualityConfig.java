package app.essence.clips.quality;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Thresholds of a clip's quality verdict. Defaults follow ElevenLabs' guidance for cloning samples (speech around
 * −23 to −18 dB RMS, peaks below −3 dB, no clipping, little background noise) with a margin, so that only a clip
 * that would hurt the voice is sent back.
 */
@ConfigMapping(prefix = "essence.clips.quality")
public interface QualityConfig {

    /** Speech quieter than this (RMS dBFS of the frames with sound) is "too quiet"; the guidance is -23 to -18. */
    @WithDefault("-30")
    double quietRmsDbfs();

    /** Speech louder than this (RMS dBFS of the frames with sound) is "too loud". */
    @WithDefault("-12")
    double loudRmsDbfs();

    /** A peak above this (dBFS) is "too loud" too; the guidance keeps peaks below -3 dB. */
    @WithDefault("-3")
    double maxPeakDbfs();

    /** More than this share of samples at full scale is "clipped". */
    @WithDefault("0.001")
    double maxClippedRatio();

    /** A 20 ms frame quieter than this (dBFS) counts as silence. */
    @WithDefault("-50")
    double silenceDbfs();

    /** More than this share of silent frames is "mostly silence". */
    @WithDefault("0.7")
    double maxSilenceRatio();

    /** A noise floor (quietest tenth of the frames) louder than this (dBFS) is "noisy". */
    @WithDefault("-40")
    double maxNoiseFloorDbfs();

    /** Longer clips are measured over their first this many milliseconds only, and called "too long". */
    @WithDefault("120000")
    int maxDurationMs();

    /** Shorter than this many milliseconds per word of the prompt is "too short for this prompt". */
    @WithDefault("180")
    int minMillisPerWord();
}
