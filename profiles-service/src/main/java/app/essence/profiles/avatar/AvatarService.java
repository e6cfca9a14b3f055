package app.essence.profiles.avatar;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.identity.Caller;
import app.essence.common.media.MediaKind;
import app.essence.common.problem.ProblemException;
import app.essence.common.storage.ByteRange;
import app.essence.common.storage.StorageClient;
import app.essence.common.storage.StorageKeys;
import app.essence.common.time.DbTime;
import app.essence.profiles.profile.Profile;
import app.essence.profiles.profile.ProfileService;
import app.essence.profiles.profile.ProfileView;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Profile pictures: checked by their bytes, streamed to storage at {@code avatars/{user_id}/{profile_id}.{ext}}.
 * Runs on a worker thread (storage is blocking) and reaches the database through the reactive session.
 */
@ApplicationScoped
public class AvatarService {
    private static final Logger LOG = Logger.getLogger(AvatarService.class);

    private final ProfileService profiles;
    private final StorageClient storage;
    private final long maxBytes;

    public AvatarService(ProfileService profiles, StorageClient storage,
            @ConfigProperty(name = "essence.profiles.avatar-max-bytes", defaultValue = "5242880") long maxBytes) {
        this.profiles = profiles;
        this.storage = storage;
        this.maxBytes = maxBytes;
    }

    public ProfileView upload(Caller caller, UUID profileId, InputStream body, Long declaredLength) throws IOException {
        Profile profile = await(() -> owned(caller, profileId));
        if (declaredLength != null && declaredLength > maxBytes) {
            throw ProblemException.tooLarge(maxBytes);
        }
        InputStream in = new BufferedInputStream(body);
        MediaKind kind = MediaKind.sniff(in, MediaKind.IMAGES).orElseThrow(() -> ProblemException
                .unsupportedMediaType("an avatar must be a PNG, JPEG or WebP image"));
        String key = StorageKeys.avatar(profile.userId, profile.id, kind.extension());
        try {
            storage.put(key, in, maxBytes, kind.mimeType());
        } catch (StorageClient.SizeLimitExceededException e) {
            throw ProblemException.tooLarge(maxBytes);
        }
        Replaced replaced = await(() -> recordAvatar(caller, profileId, key));
        if (replaced.previousPath() != null && !replaced.previousPath().equals(key)) {
            storage.delete(replaced.previousPath());
        }
        return replaced.profile();
    }

    public Avatar open(Caller caller, UUID profileId) throws IOException {
        Profile profile = await(() -> owned(caller, profileId));
        if (profile.avatarStoragePath == null) {
            throw ProblemException.notFound("avatar of profile " + profileId);
        }
        StorageClient.StoredObject stored = storage.stat(profile.avatarStoragePath)
                .orElseThrow(() -> ProblemException.notFound("avatar of profile " + profileId));
        String extension = profile.avatarStoragePath.substring(profile.avatarStoragePath.lastIndexOf('.') + 1);
        String mimeType = MediaKind.byExtension(extension).map(MediaKind::mimeType)
                .orElse("application/octet-stream");
        return new Avatar(storage.get(stored.key(), ByteRange.whole(stored.sizeBytes())), stored.sizeBytes(),
                mimeType);
    }

    public void remove(Caller caller, UUID profileId) throws IOException {
        String removedPath = await(() -> clearAvatar(caller, profileId));
        storage.delete(removedPath);
    }

    /** Deletes the file of a deleted profile's avatar; a failure is logged, the profile is gone regardless. */
    public void deleteFileOf(Profile profile) {
        if (profile.avatarStoragePath == null) {
            return;
        }
        try {
            storage.delete(profile.avatarStoragePath);
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("avatar %s of deleted profile %s not removed: %s", profile.avatarStoragePath, profile.id,
                    e.getMessage());
        }
    }

    @WithSession
    Uni<Profile> owned(Caller caller, UUID profileId) {
        return profiles.findOwned(caller, profileId);
    }

    /** Points the profile at its new avatar and answers which file it pointed at before, read under the lock. */
    @WithTransaction
    Uni<Replaced> recordAvatar(Caller caller, UUID profileId, String key) {
        return profiles.findOwnedForUpdate(caller, profileId).map(profile -> {
            String previous = profile.avatarStoragePath;
            profile.avatarStoragePath = key;
            profile.avatarUpdatedAt = DbTime.now();
            profile.updatedAt = profile.avatarUpdatedAt;
            return new Replaced(ProfileView.of(profile), previous);
        });
    }

    record Replaced(ProfileView profile, String previousPath) {
    }

    /** Forgets the avatar and answers the storage path it had. */
    @WithTransaction
    Uni<String> clearAvatar(Caller caller, UUID profileId) {
        return profiles.findOwnedForUpdate(caller, profileId).map(profile -> {
            if (profile.avatarStoragePath == null) {
                throw ProblemException.notFound("avatar of profile " + profileId);
            }
            String removedPath = profile.avatarStoragePath;
            profile.avatarStoragePath = null;
            profile.avatarUpdatedAt = DbTime.now();
            profile.updatedAt = profile.avatarUpdatedAt;
            return removedPath;
        });
    }

    /** An open avatar image; the caller closes the stream. */
    public record Avatar(InputStream content, long sizeBytes, String mimeType) {
    }
}
