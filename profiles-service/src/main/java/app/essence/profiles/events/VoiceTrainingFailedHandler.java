package app.essence.profiles.events;

import app.essence.common.events.TrainingEvents.VoiceTrainingFailed;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Training failed: the profile goes back to its previous voice, or to {@code not_submitted}. */
@ApplicationScoped
public class VoiceTrainingFailedHandler implements EventHandler<VoiceTrainingFailed> {
    private final ProfileProjection projection;

    public VoiceTrainingFailedHandler(ProfileProjection projection) {
        this.projection = projection;
    }

    @Override
    public Class<VoiceTrainingFailed> eventClass() {
        return VoiceTrainingFailed.class;
    }

    @Override
    public String effect() {
        return "back to `ready` if the profile has a voice, else `not_submitted` (newer wins)";
    }

    @Override
    public Uni<Void> handle(VoiceTrainingFailed event) {
        return projection.trainingFailed(event.profileId(), event.occurredAt());
    }
}
