package app.essence.clips.training;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Whether a profile's clips can train a voice: every prompt recorded, and enough good speech (ElevenLabs' instant
 * cloning wants one to three minutes of clean audio).
 */
@ApplicationScoped
public class TrainingReadiness {
    private final int minUsableSeconds;

    public TrainingReadiness(TrainingConfig config) {
        this.minUsableSeconds = config.minUsableSeconds();
    }

    public boolean ready(TrainingClipSet clips) {
        return whyNot(clips).isEmpty();
    }

    /** What stands in the way, in words for the user; empty when the clips are ready. */
    public Optional<String> whyNot(TrainingClipSet clips) {
        List<Integer> missing = clips.missingPrompts();
        if (!missing.isEmpty()) {
            return Optional.of("prompts " + missing.stream().map(String::valueOf).collect(Collectors.joining(", "))
                    + " are not recorded yet; all 25 are needed");
        }
        double usableSeconds = clips.usableSeconds();
        if (usableSeconds < minUsableSeconds) {
            return Optional.of(String.format(Locale.ROOT,
                    "only %.1f s of the recordings are good enough, %d s are needed: re-record the %d clips "
                            + "marked redo_suggested", usableSeconds, minUsableSeconds, clips.redoSuggestedCount()));
        }
        return Optional.empty();
    }
}
