package app.essence.messages.synthesis;

import app.essence.common.reactive.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import java.time.Instant;

/**
 * Now by the database's clock. Leases are written and compared by this one clock, so instances whose clocks drift
 * apart never take a live run's message or keep a lapsed one.
 */
final class DatabaseClock {
    private static final String NOW = "select cast(floor(extract(epoch from now()) * 1000000) as bigint)";

    private DatabaseClock() {
    }

    /** The current transaction's {@code now()}, at the microsecond precision it is stored with. */
    static Uni<Instant> now() {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session, NOW, Long.class).getSingleResult())
                .map(micros -> Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L),
                        Math.floorMod(micros, 1_000_000L) * 1000L));
    }
}
