package app.essence.profiles.events;

import app.essence.common.events.TrainingEvents.VoiceTrained;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** The voice is trained: the profile shows {@code ready} with the provider's voice id. */
@ApplicationScoped
public class VoiceTrainedHandler implements EventHandler<VoiceTrained> {
    private final ProfileProjection projection;

    public VoiceTrainedHandler(ProfileProjection projection) {
        this.projection = projection;
    }

    @Override
    public Class<VoiceTrained> eventClass() {
        return VoiceTrained.class;
    }

    @Override
    public String effect() {
        return "`voice_model_status = ready` with `elevenlabs_voice_id`, `training_completed_at`, `voice_ready_at` (newer wins)";
    }

    @Override
    public Uni<Void> handle(VoiceTrained event) {
        return projection.voiceReady(event.profileId(), event.voiceId(), event.occurredAt());
    }
}
