package app.essence.messages.events;

import app.essence.common.events.TrainingEvents.VoiceTrainingStarted;
import app.essence.messages.ownership.ProfileVoices;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A training began: the profile's voice is not ready until it ends. */
@ApplicationScoped
public class VoiceTrainingStartedHandler implements EventHandler<VoiceTrainingStarted> {
    private final ProfileVoices voices;

    public VoiceTrainingStartedHandler(ProfileVoices voices) {
        this.voices = voices;
    }

    @Override
    public Class<VoiceTrainingStarted> eventClass() {
        return VoiceTrainingStarted.class;
    }

    @Override
    public String effect() {
        return "voice replica: the profile's voice is `training` (newer wins)";
    }

    @Override
    public Uni<Void> handle(VoiceTrainingStarted event) {
        return voices.trainingStarted(event.profileId(), event.userId(), event.occurredAt());
    }
}
