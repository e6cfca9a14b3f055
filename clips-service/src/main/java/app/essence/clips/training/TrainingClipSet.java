package app.essence.clips.training;

import app.essence.clips.prompt.PromptScript;
import app.essence.clips.quality.QualityStatus;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A profile's recorded clips as training reads them, and what they add up to: which prompts are missing, how much
 * good speech there is. clip/ makes it ({@link ClipsForTraining}); training does not read clip/'s entity.
 */
public record TrainingClipSet(List<Clip> clips) {

    /** One recorded prompt: where its audio is, its type, how long it lasts (null: unknown) and how it was judged. */
    public record Clip(int promptIndex, String audioStoragePath, String mimeType, Integer durationMs,
            QualityStatus qualityStatus) {
    }

    public int recordedCount() {
        return clips.size();
    }

    public List<Integer> missingPrompts() {
        Set<Integer> recorded = clips.stream().map(Clip::promptIndex).collect(Collectors.toSet());
        return IntStream.range(0, PromptScript.SIZE).filter(i -> !recorded.contains(i)).boxed().toList();
    }

    public int redoSuggestedCount() {
        return (int) clips.stream().filter(clip -> clip.qualityStatus() == QualityStatus.redo_suggested).count();
    }

    /** The clips judged good: what a voice is trained from. */
    public List<Clip> usable() {
        return clips.stream().filter(clip -> clip.qualityStatus() == QualityStatus.good).toList();
    }

    public double usableSeconds() {
        return usable().stream().mapToInt(clip -> clip.durationMs() == null ? 0 : clip.durationMs()).sum() / 1000.0;
    }
}
