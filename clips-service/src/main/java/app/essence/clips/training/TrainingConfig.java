package app.essence.clips.training;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How trainings run (docs/voice-training.md says why each default is where it is). */
@ConfigMapping(prefix = "essence.clips.training")
public interface TrainingConfig {

    /** Training workers per instance: runs at once (the provider calls are limited apart, `ProviderCalls`). */
    @WithDefault("2")
    int workers();

    /** How long a run holds its training without renewing; a run whose lease ran out is resumed by the reaper. */
    @WithDefault("10m")
    Duration lease();

    /** How often the reaper looks for trainings whose lease ran out and for ended ones to sweep. */
    @WithDefault("30s")
    Duration reaperInterval();

    /** A training run this many times without an outcome fails (training_interrupted). */
    @WithDefault("3")
    int maxRuns();

    /** A training started longer ago than this fails (training_timed_out). */
    @WithDefault("1h")
    Duration giveUpAfter();

    /** How long a voice replaced by a new one is kept before it is deleted at the provider. */
    @WithDefault("10m")
    Duration replacedVoiceGrace();

    /** Seconds of good speech a profile's clips need before a training may start. */
    @WithDefault("60")
    int minUsableSeconds();
}
