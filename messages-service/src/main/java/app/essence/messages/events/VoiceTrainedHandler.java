package app.essence.messages.events;

import app.essence.common.events.TrainingEvents.VoiceTrained;
import app.essence.messages.ownership.ProfileVoices;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A trained voice: messages of the profile are spoken in it from now on. */
@ApplicationScoped
public class VoiceTrainedHandler implements EventHandler<VoiceTrained> {
    private final ProfileVoices voices;

    public VoiceTrainedHandler(ProfileVoices voices) {
        this.voices = voices;
    }

    @Override
    public Class<VoiceTrained> eventClass() {
        return VoiceTrained.class;
    }

    @Override
    public String effect() {
        return "voice replica: the profile's voice is `ready` with the event's voice id, replacing an earlier one "
                + "(newer wins)";
    }

    @Override
    public Uni<Void> handle(VoiceTrained event) {
        return voices.trained(event.profileId(), event.userId(), event.voiceId(), event.occurredAt());
    }
}
