package app.essence.clips.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.clips.quality.QualityStatus;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Readiness to train on clip sets given directly, at the default threshold (60 s of good speech). */
class TrainingReadinessTests {
    private final TrainingReadiness readiness = new TrainingReadiness(config(Map.of()));

    @Test
    void allPromptsWithSixtySecondsOfGoodSpeechAreReady() {
        TrainingClipSet clips = clipsOf(25, 2400, QualityStatus.good);
        assertEquals(Optional.empty(), readiness.whyNot(clips));
        assertTrue(readiness.ready(clips));
    }

    @Test
    void aSecondShortOfTheThresholdIsNotReadyAndSaysWhatToReRecord() {
        List<TrainingClipSet.Clip> clips = new ArrayList<>(clipsOf(24, 2400, QualityStatus.good).clips());
        clips.add(clip(24, 1000, QualityStatus.redo_suggested));
        TrainingClipSet set = new TrainingClipSet(clips);
        assertEquals(Optional.of("only 57.6 s of the recordings are good enough, 60 s are needed: re-record the 1 "
                + "clips marked redo_suggested"), readiness.whyNot(set));
        assertFalse(readiness.ready(set));
    }

    @Test
    void missingPromptsComeFirstAndAreNamed() {
        TrainingClipSet clips = clipsOf(23, 10_000, QualityStatus.good);
        assertEquals(Optional.of("prompts 23, 24 are not recorded yet; all 25 are needed"), readiness.whyNot(clips));
    }

    @Test
    void clipsJudgedOtherThanGoodDoNotCount() {
        assertTrue(readiness.whyNot(clipsOf(25, 10_000, QualityStatus.unknown)).orElseThrow()
                .startsWith("only 0.0 s of the recordings are good enough"));
    }

    @Test
    void theThresholdIsConfigured() {
        TrainingReadiness lenient = new TrainingReadiness(config(Map.of("essence.clips.training.min-usable-seconds",
                "30")));
        TrainingClipSet clips = clipsOf(25, 1200, QualityStatus.good);
        assertTrue(lenient.ready(clips));
        assertFalse(readiness.ready(clips));
    }

    /** The training settings as the service reads them: its defaults, with these properties set. */
    static TrainingConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(TrainingConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build()
                .getConfigMapping(TrainingConfig.class);
    }

    /** Prompts 0 to count − 1, each lasting durationMs and judged so. */
    private static TrainingClipSet clipsOf(int count, int durationMs, QualityStatus status) {
        List<TrainingClipSet.Clip> clips = new ArrayList<>();
        for (int prompt = 0; prompt < count; prompt++) {
            clips.add(clip(prompt, durationMs, status));
        }
        return new TrainingClipSet(clips);
    }

    private static TrainingClipSet.Clip clip(int prompt, int durationMs, QualityStatus status) {
        return new TrainingClipSet.Clip(prompt, "clips/" + prompt + ".webm", "audio/webm", durationMs, status);
    }
}
