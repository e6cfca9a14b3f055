package app.essence.profiles.erasure;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How far an account erasure is: when it was asked for and, per service, whether its part is done. {@code complete}
 * once every service confirmed.
 */
public record ErasureView(UUID userId, Instant requestedAt, boolean complete, List<Part> services) {

    /**
     * One service's part: done once it confirmed, at {@code erasedAt}; {@code stuck} when it is not done
     * {@code essence.erasure.stuck-after} after the erasure was asked for (an operator should look: docs/erasure.md).
     */
    public record Part(String service, boolean done, @Schema(nullable = true) Instant erasedAt, boolean stuck) {
        static Part of(String service, Instant erasedAt, boolean late) {
            return new Part(service, erasedAt != null, erasedAt, late && erasedAt == null);
        }
    }

    /** {@code late}: asked for longer ago than a part should take. */
    static ErasureView of(UserErasure erasure, boolean late) {
        List<Part> parts = List.of(Part.of("profiles-service", erasure.profilesErasedAt, late),
                Part.of("clips-service", erasure.clipsErasedAt, late),
                Part.of("messages-service", erasure.messagesErasedAt, late),
                Part.of("billing-service", erasure.billingErasedAt, late));
        return new ErasureView(erasure.userId, erasure.requestedAt, parts.stream().allMatch(Part::done), parts);
    }
}
