package app.essence.clips.quality;

import app.essence.clips.prompt.Prompt;
import jakarta.enterprise.context.ApplicationScoped;

/** Turns a clip's measurements into a verdict: the first problem found, in the order a user should fix them. */
@ApplicationScoped
public class QualityRules {
    private final QualityConfig config;

    public QualityRules(QualityConfig config) {
        this.config = config;
    }

    public QualityVerdict judge(AudioMeasurements m, Prompt prompt) {
        if (m.silenceRatio() > config.maxSilenceRatio()) {
            return QualityVerdict.redo("mostly_silence", "mostly silence: we could hardly hear you, please record "
                    + "it again close to the microphone", m);
        }
        int words = prompt.promptText().trim().split("\\s+").length;
        if (m.durationMs() < words * config.minMillisPerWord()) {
            return QualityVerdict.redo("too_short", "too short for this prompt: please read the whole line", m);
        }
        if (m.truncated()) {
            return QualityVerdict.redo("too_long", "too long for one prompt: please read just this line", m);
        }
        if (m.clippedRatio() > config.maxClippedRatio()) {
            return QualityVerdict.redo("clipped", "clipped: speak a little softer or move back from the microphone",
                    m);
        }
        if (m.rmsDbfs() < config.quietRmsDbfs()) {
            return QualityVerdict.redo("too_quiet", "too quiet: move closer to the microphone", m);
        }
        if (m.rmsDbfs() > config.loudRmsDbfs() || m.peakDbfs() > config.maxPeakDbfs()) {
            return QualityVerdict.redo("too_loud", "too loud: move a little further from the microphone", m);
        }
        if (m.noiseFloorDbfs() > config.maxNoiseFloorDbfs()) {
            return QualityVerdict.redo("noisy", "background noise: please record in a quieter room", m);
        }
        return QualityVerdict.good(m);
    }
}
