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
}
