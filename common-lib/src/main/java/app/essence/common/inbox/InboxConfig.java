package app.essence.common.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How hard the inbox tries an event before it goes to the dead-letter topic. */
@ConfigMapping(prefix = "essence.inbox")
public interface InboxConfig {
    @WithDefault("4")
    int maxAttempts();

    @WithDefault("200ms")
    Duration firstBackoff();

    /** The longest wait between tries while the database is unreachable. */
    @WithDefault("10s")
    Duration maxBackoff();
}
