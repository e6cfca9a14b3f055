package app.essence.clips.events;

import app.essence.clips.clip.ClipService;
import app.essence.clips.ownership.ProfileOwner;
import app.essence.clips.ownership.ProfileOwnership;
import app.essence.clips.training.TrainingService;
import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A deleted profile: no more uploads to it, and its clips and their files go. Marking it deleted locks its
 * replica row first, so no upload places a file meanwhile. The files are removed before the rows, inside the
 * event's transaction: if anything fails the event is retried, and removing a removed file is not an error. Its
 * voices are scheduled for deletion at the provider in the same transaction and deleted after it.
 */
@ApplicationScoped
public class ProfileDeletedHandler implements EventHandler<ProfileDeleted> {
    private final ProfileOwnership ownership;
    private final ClipService clips;
    private final TrainingService training;

    public ProfileDeletedHandler(ProfileOwnership ownership, ClipService clips, TrainingService training) {
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
        return ProfileOwner.<ProfileOwner> findById(event.profileId()).flatMap(owner -> {
            if (owner != null && owner.deletedAt != null) {
                // Deleted before, with all that goes with it, in the transaction that marked it.
                return Uni.createFrom().voidItem();
            }
            return ownership.forget(event.profileId(), event.userId(), event.occurredAt())
                    .chain(() -> clips.removeAllOf(event.profileId()))
                    .chain(() -> training.forgetProfile(event.profileId(), event.elevenlabsVoiceId()));
        });
    }
}
