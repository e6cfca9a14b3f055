package app.essence.clips.quality;

import app.essence.clips.prompt.Prompt;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Turns a clip's measurements into a verdict: the first problem found, in the order a user should fix them
 * (docs/clip-quality.md). Clipping comes first: flat tops at full scale mean there was sound, whatever else the
 * take holds. A good take whose peak comes close to full scale stays good; its message adds a hint.
 */
@ApplicationScoped
public class QualityRules {
    /** Peaks above this leave little headroom: worth a hint, never a redo (natural speech peaks 15–20 dB up). */
    static final double HOT_PEAK_DBFS = -1.0;

    private final QualityConfig config;

    public QualityRules(QualityConfig config) {
        this.config = config;
    }

    public QualityVerdict judge(AudioMeasurements m, Prompt prompt) {
        if (m.clippedRatio() > config.maxClippedRatio()) {
            return QualityVerdict.redo("clipped", "clipped: speak a little softer or move back from the microphone",
                    m);
        }
        if (m.silenceRatio() > config.maxSilenceRatio()) {
            return QualityVerdict.redo("mostly_silence", "mostly silence: we could not hear you reading, please "
                    + "check the microphone and record it again", m);
        }
        int words = prompt.promptText().trim().split("\\s+").length;
        if (m.speechMs() < words * config.minMillisPerWord()) {
            return QualityVerdict.redo("too_short", "too short for this prompt: please read the whole line", m);
        }
        if (m.truncated()) {
            return QualityVerdict.redo("too_long", "too long for one prompt: please read just this line", m);
        }
        if (m.rmsDbfs() < config.quietRmsDbfs()) {
            return QualityVerdict.redo("too_quiet", "too quiet: move closer to the microphone", m);
        }
        if (m.rmsDbfs() > config.loudRmsDbfs()) {
            return QualityVerdict.redo("too_loud", "too loud: move a little further from the microphone", m);
        }
        if (m.rmsDbfs() - m.noiseFloorDbfs() < config.minSnrDb()) {
            return QualityVerdict.redo("noisy", "background noise: please record in a quieter room", m);
        }
        return m.peakDbfs() > HOT_PEAK_DBFS ? QualityVerdict.goodWithHint(m) : QualityVerdict.good(m);
    }
}
