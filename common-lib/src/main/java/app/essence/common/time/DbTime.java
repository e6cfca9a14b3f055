package app.essence.common.time;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Now, at PostgreSQL's microsecond precision, so a stored time compares equal to the one in its event. */
public final class DbTime {
    private DbTime() {
    }

    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Now, or one microsecond after {@code previous} if the clock has not moved past it: the time of an
     * aggregate's next event, so consumers that keep the newest state ("newer wins", compared strictly) never
     * take a later change for an older one.
     */
    public static Instant nowAfter(Instant previous) {
        Instant now = now();
        return previous != null && !now.isAfter(previous) ? previous.plus(1, ChronoUnit.MICROS) : now;
    }
}
