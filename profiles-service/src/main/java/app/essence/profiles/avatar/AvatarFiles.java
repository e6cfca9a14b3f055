package app.essence.profiles.avatar;

import app.essence.common.storage.StorageKeys;
import app.essence.common.storage.StorageRemovals;
import app.essence.profiles.profile.Profile;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * The storage of a profile's avatars as a whole: scheduled for removal in the transaction that deletes the
 * profile, removed after its commit and retried until the storage confirms (see {@link StorageRemovals}).
 */
@ApplicationScoped
public class AvatarFiles {
    private final StorageRemovals removals;

    public AvatarFiles(StorageRemovals removals) {
        this.removals = removals;
    }

    /** Call inside the transaction that deletes the profile. */
    public Uni<Void> scheduleRemovalOf(Profile profile) {
        return removals.schedule(all(profile));
    }

    /** Call after that transaction committed; what fails now the storage sweeper retries. */
    public Uni<Integer> removeNow(Profile profile) {
        return removals.removeNow(all(profile));
    }

    /** Its folders, committed and staged, and the current file where an older layout kept it outside them. */
    private static List<String> all(Profile profile) {
        List<String> keys = new ArrayList<>(StorageKeys.avatarFolders(profile.userId, profile.id));
        if (profile.avatarStoragePath != null) {
            keys.add(profile.avatarStoragePath);
        }
        return keys;
    }
}
