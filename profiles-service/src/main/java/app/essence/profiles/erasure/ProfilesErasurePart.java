package app.essence.profiles.erasure;

import app.essence.common.erasure.ErasurePart;
import app.essence.common.storage.StorageRemovals;
import app.essence.profiles.me.UserPublic;
import app.essence.profiles.profile.Profile;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * profiles-service's part: the profiles and the users_public row (gone in the erasing transaction, unless a write
 * raced it) and the avatar folders, done once the storage confirmed their removal.
 */
@ApplicationScoped
public class ProfilesErasurePart implements ErasurePart {
    private final StorageRemovals removals;
    private final ErasureService erasures;

    public ProfilesErasurePart(StorageRemovals removals, ErasureService erasures) {
        this.removals = removals;
        this.erasures = erasures;
    }

    @Override
    public Uni<Long> remaining(UUID userId) {
        return removals.pendingFor(userId)
                .flatMap(files -> Profile.count("userId", userId).map(profiles -> files + profiles))
                .flatMap(left -> UserPublic.count("id", userId).map(users -> left + users));
    }

    @Override
    public Uni<Void> complete(UUID userId, Instant at) {
        return erasures.confirmed(userId, "profiles-service", at);
    }
}
