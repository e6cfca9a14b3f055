package app.essence.profiles.avatar;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.identity.Caller;
import app.essence.common.media.MediaKind;
import app.essence.common.problem.ProblemException;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.storage.ByteRange;
import app.essence.common.storage.StorageClient;
import app.essence.common.storage.StorageKeys;
import app.essence.common.storage.StorageRemovals;
import app.essence.common.time.DbTime;
import app.essence.profiles.profile.Profile;
import app.essence.profiles.profile.ProfileService;
import app.essence.profiles.profile.ProfileView;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Profile pictures: checked by their bytes and streamed to a staging key; under the profile's row lock the file
 * then moves to a key of this upload's own ({@code avatars/{user_id}/{profile_id}/{upload_id}.{ext}}) and the row
 * points at it. So two uploads at once never remove each other's new file, and a replaced picture is scheduled for
 * removal in the transaction that replaced it and removed after the commit. Runs on a worker thread (storage is
 * blocking) and reaches the database through the reactive session.
 */
@ApplicationScoped
public class AvatarService {
    private static final Logger LOG = Logger.getLogger(AvatarService.class);

    private final ProfileService profiles;
    private final StorageClient storage;
    private final StorageRemovals removals;
    private final long maxBytes;

    public AvatarService(ProfileService profiles, StorageClient storage, StorageRemovals removals,
            ProfilesConfig config) {
        this.profiles = profiles;
        this.storage = storage;
        this.removals = removals;
        this.maxBytes = config.avatarMaxBytes();
    }

    public ProfileView upload(Caller caller, UUID profileId, InputStream body, Long declaredLength) throws IOException {
        caller.requireSignedUp();
        Profile profile = await(() -> owned(caller, profileId));
        if (declaredLength != null && declaredLength > maxBytes) {
            throw ProblemException.tooLarge(maxBytes);
        }
        InputStream in = new BufferedInputStream(body);
        MediaKind kind = MediaKind.sniff(in, MediaKind.IMAGES).orElseThrow(() -> ProblemException
                .unsupportedMediaType("an avatar must be a PNG, JPEG or WebP image"));
        UUID uploadId = UUID.randomUUID();
        String staged = StorageKeys.incomingAvatar(profile.userId, profile.id, uploadId, kind.extension());
        String key = StorageKeys.avatar(profile.userId, profile.id, uploadId, kind.extension());
        try {
            storage.put(staged, in, maxBytes, kind.mimeType());
        } catch (StorageClient.SizeLimitExceededException e) {
            throw ProblemException.tooLarge(maxBytes);
        }
        try {
            await(() -> reserve(caller, profileId, key));
        } catch (RuntimeException e) {
            discard(staged);
            throw e;
        }
        Replaced replaced;
        try {
            // The upload's own key, which no row points at: placed before the transaction, which then holds no
            // storage call (docs/storage.md, "Deadlines").
            storage.move(staged, key);
            replaced = await(() -> recordAvatar(caller, profileId, key));
        } catch (IOException | RuntimeException e) {
            discard(staged);
            removeUnlessCurrent(caller, profileId, key);
            throw e;
        }
        if (replaced.previousPath() != null) {
            await(() -> removals.removeNow(List.of(replaced.previousPath())));
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

    public void remove(Caller caller, UUID profileId) {
        String removedPath = await(() -> clearAvatar(caller, profileId));
        await(() -> removals.removeNow(List.of(removedPath)));
    }

    Uni<Profile> owned(Caller caller, UUID profileId) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> profiles.findOwned(caller, profileId));
    }

    /**
     * Reserves the upload's final key under the profile's row lock, before its file goes there: an erasure or a
     * profile deletion that committed first answers 404 and no file is placed; one that commits after finds the
     * reservation among the user's pending storage, removed by the sweep unless the upload claims it.
     */
    Uni<Void> reserve(Caller caller, UUID profileId, String key) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> profiles.findOwnedForUpdate(caller, profileId)
                .chain(() -> removals.reservations().reserve(key)));
    }

    /**
     * Points the profile at its new file, already at its own key, claiming its reservation and scheduling the file it
     * pointed at before for removal; under the profile's row lock.
     */
    Uni<Replaced> recordAvatar(Caller caller, UUID profileId, String key) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> profiles.findOwnedForUpdate(caller, profileId)
                .call(() -> removals.reservations().claim(key))
                .flatMap(profile -> {
                    String previous = profile.avatarStoragePath;
                    profile.avatarStoragePath = key;
                    profile.avatarUpdatedAt = DbTime.now();
                    profile.updatedAt = profile.avatarUpdatedAt;
                    Replaced replaced = new Replaced(ProfileView.of(profile), previous);
                    return previous == null ? Uni.createFrom().item(replaced)
                            : removals.schedule(List.of(previous)).replaceWith(replaced);
                }));
    }

    record Replaced(ProfileView profile, String previousPath) {
    }

    /** Forgets the avatar, schedules its file for removal and answers the file's key. */
    Uni<String> clearAvatar(Caller caller, UUID profileId) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> profiles.findOwnedForUpdate(caller, profileId)
                .flatMap(profile -> {
            if (profile.avatarStoragePath == null) {
                throw ProblemException.notFound("avatar of profile " + profileId);
            }
            String removedPath = profile.avatarStoragePath;
            profile.avatarStoragePath = null;
            profile.avatarUpdatedAt = DbTime.now();
            profile.updatedAt = profile.avatarUpdatedAt;
            return removals.schedule(List.of(removedPath)).replaceWith(removedPath);
        }));
    }

    /**
     * After a failed upload its file may have reached its own key: removed unless the profile points at it (a
     * commit whose answer was lost). Read under the profile's lock, a deleted profile included.
     */
    private void removeUnlessCurrent(Caller caller, UUID profileId, String key) {
        try {
            boolean scheduled = await(() -> scheduleUnlessCurrent(caller, profileId, key));
            if (scheduled) {
                await(() -> removals.removeNow(List.of(key)));
            }
        } catch (RuntimeException e) {
            LOG.warnf("avatar %s of a failed upload may stay unused: %s", key, e.getMessage());
        }
    }

    Uni<Boolean> scheduleUnlessCurrent(Caller caller, UUID profileId, String key) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> Profile.<Profile> findById(profileId,
                LockModeType.PESSIMISTIC_WRITE)
                .flatMap(profile -> profile != null && key.equals(profile.avatarStoragePath)
                        ? Uni.createFrom().item(false)
                        : removals.schedule(List.of(key)).replaceWith(true)));
    }

    private void discard(String staged) {
        try {
            storage.delete(staged);
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("staged avatar %s stays until the staged-file sweep: %s", staged, e.getMessage());
        }
    }

    /** An open avatar image; the caller closes the stream. */
    public record Avatar(InputStream content, long sizeBytes, String mimeType) {
    }
}
