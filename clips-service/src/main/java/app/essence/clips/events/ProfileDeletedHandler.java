package app.essence.clips.events;

import app.essence.clips.clip.ClipService;
import app.essence.clips.ownership.ProfileOwner;
import app.essence.clips.ownership.ProfileOwnership;
import app.essence.clips.training.TrainingService;
import app.essence.common.erasure.ErasedUsers;
import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A deleted profile: no more uploads to it, and its clips and their files go. Marking it deleted locks its
 * replica row first, so no upload commits a file meanwhile; an upload's reservation still holding is kept for the
 * sweeper (ClipFiles.removeAllOf). The rows go inside the event's transaction, which
 * schedules the profile's storage folders for removal (committed, staged and partial files alike); the storage
 * sweeper removes them after the commit and retries until the storage confirms. Its voices are scheduled for
 * deletion at the provider in the same transaction and deleted after it. An erased user's profile is left to
 * the erasure, which took all of theirs (docs/erasure.md).
 */
@ApplicationScoped
public class ProfileDeletedHandler implements EventHandler<ProfileDeleted> {
    private final ProfileOwnership ownership;
    private final ClipService clips;
    private final TrainingService training;
    private final ErasedUsers erasedUsers;

    public ProfileDeletedHandler(ProfileOwnership ownership, ClipService clips, TrainingService training,
            ErasedUsers erasedUsers) {
        this.erasedUsers = erasedUsers;
        this.ownership = ownership;
        this.clips = clips;
        this.training = training;
    }

    @Override
    public Class<ProfileDeleted> eventClass() {
        return ProfileDeleted.class;
    }

    @Override
    public String effect() {
        return "marks the profile deleted for good, removes its clips and their audio files, ends a running training "
                + "and deletes the profile's voices at the voice provider (retried until it confirms)";
    }

    @Override
    public Uni<Void> handle(ProfileDeleted event) {
        return erasedUsers.isErased(event.userId()).flatMap(erased -> erased ? Uni.createFrom().voidItem()
                : forget(event));
    }

    private Uni<Void> forget(ProfileDeleted event) {
        return ProfileOwner.<ProfileOwner> findById(event.profileId()).flatMap(owner -> {
            if (owner != null && owner.deletedAt != null) {
                // Deleted before, with all that goes with it, in the transaction that marked it.
                return Uni.createFrom().voidItem();
            }
            return ownership.forget(event.profileId(), event.userId(), event.occurredAt())
                    .chain(() -> clips.removeAllOf(event.userId(), event.profileId()))
                    .chain(() -> training.forgetProfile(event.profileId(), event.elevenlabsVoiceId()));
        });
    }
}
