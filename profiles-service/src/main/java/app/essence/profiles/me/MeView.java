package app.essence.profiles.me;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The caller's own account as the API shows it. */
public record MeView(UUID id, @Schema(nullable = true) String email, @Schema(nullable = true) String name,
        Instant createdAt) {
    static MeView of(UserPublic user) {
        return new MeView(user.id, user.email, user.name, user.createdAt);
    }
}
