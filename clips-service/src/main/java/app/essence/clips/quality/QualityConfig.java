package app.essence.clips.quality;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Thresholds of a clip's quality verdict (docs/clip-quality.md says why each is where it is). ElevenLabs advises
 * speech at −23 to −18 dB RMS, no clipping and little background noise; the limits leave a margin around that
 * which ordinary phones and laptops meet in a quiet room, so only a take that would hurt the voice is sent back.
 */
@ConfigMapping(prefix = "essence.clips.quality")
public interface QualityConfig {

    /** Speech quieter than this (RMS dBFS over its speech frames) is "too quiet". */
    @WithDefault("-35")
    double quietRmsDbfs();

    /** Speech louder than this (RMS dBFS over its speech frames) is "too loud"; a high peak alone is not. */
    @WithDefault("-12")
    double loudRmsDbfs();

    /** More than this share of one channel's samples in flat tops at full scale is "clipped". */
    @WithDefault("0.001")
    double maxClippedRatio();

    /** More than this share of 20 ms frames without speech is "mostly silence". */
    @WithDefault("0.9")
    double maxSilenceRatio();

    /** Speech less than this many dB above the noise floor (the level of its pauses) is "background noise". */
    @WithDefault("20")
    double minSnrDb();

    /** Longer clips are measured over their first this many milliseconds only, and called "too long". */
    @WithDefault("120000")
    int maxDurationMs();

    /** Speech lasting less than this many milliseconds per word of the prompt is "too short for this prompt". */
    @WithDefault("180")
    int minMillisPerWord();

    /** Decoding one clip stops after this many milliseconds; its quality then stays unknown. */
    @WithDefault("10000")
    int maxDecodingMs();
}
