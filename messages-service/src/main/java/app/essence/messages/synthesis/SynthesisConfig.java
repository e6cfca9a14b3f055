package app.essence.messages.synthesis;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How syntheses run, under {@code essence.messages.synthesis}. */
@ConfigMapping(prefix = "essence.messages.synthesis")
public interface SynthesisConfig {
    /** A run holds its message this long and renews it a few times per lease while it waits for the speech. */
    @WithDefault("2m")
    Duration lease();

    /** Syntheses run at once by this instance; the speech client caps provider calls itself. */
    @WithDefault("4")
    int workers();

    /** How long one run waits for the speech before it gives its message back to the reaper. */
    @WithDefault("10m")
    Duration speechTimeout();

    /** After a failure the speech client calls retryable, the message is tried again this much later. */
    @WithDefault("30s")
    Duration retryPause();

    /** Runs of one synthesis before it fails for good. */
    @WithDefault("3")
    int maxRuns();

    /** A synthesis asked for longer ago than this fails, whatever its runs. */
    @WithDefault("1h")
    Duration giveUpAfter();

    /** How often the reaper looks for syntheses whose run lost its lease. */
    @WithDefault("30s")
    Duration reaperInterval();
}
