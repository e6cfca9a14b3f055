package app.essence.messages.events;

import app.essence.common.events.TrainingEvents.VoiceTrainingFailed;
import app.essence.messages.ownership.ProfileVoices;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A failed training: the previous voice, if any, stays in use. */
@ApplicationScoped
public class VoiceTrainingFailedHandler implements EventHandler<VoiceTrainingFailed> {
    private final ProfileVoices voices;

    public VoiceTrainingFailedHandler(ProfileVoices voices) {
        this.voices = voices;
    }

    @Override
    public Class<VoiceTrainingFailed> eventClass() {
        return VoiceTrainingFailed.class;
    }

    @Override
    public String effect() {
        return "voice replica: back to `ready` if the profile has a voice, else `failed` (newer wins)";
    }

    @Override
    public Uni<Void> handle(VoiceTrainingFailed event) {
        return voices.trainingFailed(event.profileId(), event.userId(), event.occurredAt());
    }
}
