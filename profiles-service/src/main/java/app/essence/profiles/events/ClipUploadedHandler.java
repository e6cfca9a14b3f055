package app.essence.profiles.events;

import app.essence.common.events.ClipEvents.ClipUploaded;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A new or re-recorded clip: the profile's clip count follows. */
@ApplicationScoped
public class ClipUploadedHandler implements EventHandler<ClipUploaded> {
    private final ProfileProjection projection;

    public ClipUploadedHandler(ProfileProjection projection) {
        this.projection = projection;
    }

    @Override
    public Class<ClipUploaded> eventClass() {
        return ClipUploaded.class;
    }

    @Override
    public String effect() {
        return "sets `training_clip_count` to the count the event carries (newer wins)";
    }

    @Override
    public Uni<Void> handle(ClipUploaded event) {
        return projection.clipCount(event.profileId(), event.trainingClipCount(), event.occurredAt());
    }
}
