package app.essence.profiles.me;

import java.time.Instant;
import java.util.UUID;

/** The caller's own account as the API shows it. */
public record MeView(UUID id, String email, String name, Instant createdAt) {
    static MeView of(UserPublic user) {
        return new MeView(user.id, user.email, user.name, user.createdAt);
    }
}
