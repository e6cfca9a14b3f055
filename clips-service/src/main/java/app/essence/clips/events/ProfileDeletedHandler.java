package app.essence.clips.events;

import app.essence.clips.clip.ClipService;
import app.essence.clips.ownership.ProfileOwnership;
import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A deleted profile: no more uploads to it, and its clips and their files go. Marking it deleted locks its
 * replica row first, so no upload places a file meanwhile. The files are removed before the rows, inside the
 * event's transaction: if anything fails the event is retried, and removing a removed file is not an error.
 */
@ApplicationScoped
public class ProfileDeletedHandler implements EventHandler<ProfileDeleted> {
    private final ProfileOwnership ownership;
    private final ClipService clips;

    public ProfileDeletedHandler(ProfileOwnership ownership, ClipService clips) {
        this.ownership = ownership;
        this.clips = clips;
    }

    @Override
    public Class<ProfileDeleted> eventClass() {
        return ProfileDeleted.class;
    }

    @Override
    public String effect() {
        return "marks the profile deleted for good, removes its clips and their audio files";
    }

    @Override
    public Uni<Void> handle(ProfileDeleted event) {
        return ownership.forget(event.profileId(), event.userId(), event.occurredAt())
                .chain(() -> clips.removeAllOf(event.profileId()));
    }
}
