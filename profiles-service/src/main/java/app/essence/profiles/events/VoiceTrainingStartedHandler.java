package app.essence.profiles.events;

import app.essence.common.events.TrainingEvents.VoiceTrainingStarted;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Training began: the profile shows {@code training}. */
@ApplicationScoped
public class VoiceTrainingStartedHandler implements EventHandler<VoiceTrainingStarted> {
    private final ProfileProjection projection;

    public VoiceTrainingStartedHandler(ProfileProjection projection) {
        this.projection = projection;
    }

    @Override
    public Class<VoiceTrainingStarted> eventClass() {
        return VoiceTrainingStarted.class;
    }

    @Override
    public String effect() {
        return "`voice_model_status = training` (newer wins)";
    }

    @Override
    public Uni<Void> handle(VoiceTrainingStarted event) {
        return projection.trainingStarted(event.profileId(), event.occurredAt());
    }
}
