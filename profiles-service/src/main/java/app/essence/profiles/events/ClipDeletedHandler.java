package app.essence.profiles.events;

import app.essence.common.events.ClipEvents.ClipDeleted;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A deleted clip: the profile's clip count follows. */
@ApplicationScoped
public class ClipDeletedHandler implements EventHandler<ClipDeleted> {
    private final ProfileProjection projection;

    public ClipDeletedHandler(ProfileProjection projection) {
        this.projection = projection;
    }

    @Override
    public Class<ClipDeleted> eventClass() {
        return ClipDeleted.class;
    }

    @Override
    public String effect() {
        return "sets `training_clip_count` to the count the event carries (newer wins)";
    }

    @Override
    public Uni<Void> handle(ClipDeleted event) {
        return projection.clipCount(event.profileId(), event.trainingClipCount(), event.occurredAt());
    }
}
