package app.essence.clips.clip;

import app.essence.clips.prompt.PromptScript;
import app.essence.clips.quality.QualityStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/** A profile's recorded clips and what they add up to: which prompts are missing, how much good speech there is. */
public record ClipSet(List<TrainingClip> clips) {

    public int recordedCount() {
        return clips.size();
    }

    public List<Integer> missingPrompts() {
        Set<Integer> recorded = clips.stream().map(clip -> clip.promptIndex).collect(Collectors.toSet());
        return IntStream.range(0, PromptScript.SIZE).filter(i -> !recorded.contains(i)).boxed().toList();
    }

    public int redoSuggestedCount() {
        return (int) clips.stream().filter(clip -> clip.qualityStatus == QualityStatus.redo_suggested).count();
    }

    /** The clips judged good: what a voice is trained from. */
    public List<TrainingClip> usable() {
        return clips.stream().filter(clip -> clip.qualityStatus == QualityStatus.good).toList();
    }

    public double usableSeconds() {
        return usable().stream().mapToInt(clip -> clip.durationMs == null ? 0 : clip.durationMs).sum() / 1000.0;
    }
}
