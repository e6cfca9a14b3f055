package app.essence.common.erasure;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How a service carries out and watches its part of account erasures (docs/erasure.md). */
@ConfigMapping(prefix = "essence.erasure")
public interface ErasureConfig {
    /** How often the parts still waiting are checked for whether nothing of their user is left. */
    @WithDefault("5s")
    Duration checkInterval();

    /** The longest wait between two checks of one part; each check that finds something left doubles the wait. */
    @WithDefault("10m")
    Duration maxBackoff();

    /** An erasure not done this long after it was asked for is stuck: an operator should look. */
    @WithDefault("1h")
    Duration stuckAfter();

    /** Answer a request made with an erased account's still valid token with 410 ({@link ErasedAccountFilter}). */
    @WithDefault("false")
    boolean refuseErasedTokens();
}
