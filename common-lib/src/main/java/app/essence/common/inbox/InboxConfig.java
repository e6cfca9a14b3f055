package app.essence.common.inbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** How hard the inbox tries an event before it goes to the dead-letter topic. */
@ConfigMapping(prefix = "essence.inbox")
public interface InboxConfig {
    @WithDefault("4")
    int maxAttempts();

    /**
     * Tries of an event whose transaction keeps colliding with others (serialization failure, deadlock). A conflict
     * ends when the other transaction does, so it gets far more tries than an event's own failure, with the outage
     * backoff (about two and a half minutes at the defaults); not forever, since one that recurs that long is a bug
     * of ours (say two handlers locking rows in opposite orders), better dead-lettered with its reason and alerted
     * on than stalling the partition.
     */
    @WithDefault("20")
    int maxConflictAttempts();

    @WithDefault("200ms")
    Duration firstBackoff();

    /** How long one replay of the dead letters may take; past it the replay answers 503, keeping what it did. */
    @WithDefault("5m")
    Duration replayTimeout();

    /** The longest wait between tries while the database is unreachable. */
    @WithDefault("10s")
    Duration maxBackoff();
}
