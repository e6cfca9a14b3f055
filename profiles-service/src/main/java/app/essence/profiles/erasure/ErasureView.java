package app.essence.profiles.erasure;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * How far an account erasure is: when it was asked for and, per service, whether its part is done. {@code complete}
 * once every service confirmed.
 */
public record ErasureView(UUID userId, Instant requestedAt, boolean complete, List<Part> services) {

    /** One service's part: done once it confirmed, at {@code erasedAt}. */
    public record Part(String service, boolean done, Instant erasedAt) {
        static Part of(String service, Instant erasedAt) {
            return new Part(service, erasedAt != null, erasedAt);
        }
    }

    static ErasureView of(UserErasure erasure) {
        List<Part> parts = List.of(Part.of("profiles-service", erasure.profilesErasedAt),
                Part.of("clips-service", erasure.clipsErasedAt),
                Part.of("messages-service", erasure.messagesErasedAt),
                Part.of("billing-service", erasure.billingErasedAt));
        return new ErasureView(erasure.userId, erasure.requestedAt, parts.stream().allMatch(Part::done), parts);
    }
}
