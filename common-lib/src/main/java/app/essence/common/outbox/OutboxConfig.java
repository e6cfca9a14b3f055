package app.essence.common.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** Settings of the outbox relay. */
@ConfigMapping(prefix = "essence.outbox")
public interface OutboxConfig {
    /** false pauses publishing (rows stay in the outbox until a relay runs). */
    @WithDefault("true")
    boolean relayEnabled();

    /** How often the relay looks for rows without being woken: the fallback when a NOTIFY is missed. */
    @WithDefault("1s")
    Duration pollInterval();

    @WithDefault("200")
    int batchSize();

    /** How long one batch may wait for the broker's acknowledgements before it is retried. */
    @WithDefault("20s")
    Duration publishTimeout();
}
