package app.essence.common.events;

import java.time.Instant;
import java.util.UUID;

/** Voice training events published by clips-service on {@code essence.clips}, keyed by profile. */
public final class TrainingEvents {
    private TrainingEvents() {
    }

    public record VoiceTrainingStarted(UUID trainingId, UUID profileId, UUID userId, Instant occurredAt)
            implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    public record VoiceTrained(UUID trainingId, UUID profileId, UUID userId, String voiceId, Instant occurredAt)
            implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    public record VoiceTrainingFailed(UUID trainingId, UUID profileId, UUID userId, String reason,
            Instant occurredAt) implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }
}
