package app.essence.common.events;

import java.time.Instant;
import java.util.UUID;

/** Events published by profiles-service on {@code essence.profiles}. */
public final class ProfileEvents {
    private ProfileEvents() {
    }

    public record ProfileCreated(UUID profileId, UUID userId, String name, String relation, Instant occurredAt)
            implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    public record ProfileUpdated(UUID profileId, UUID userId, String name, String relation, Instant occurredAt)
            implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    public record ProfileDeleted(UUID profileId, UUID userId, String elevenlabsVoiceId, Instant occurredAt)
            implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    /** The account was erased: every service forgets this user. Keyed by user id. */
    public record UserDeleted(UUID userId, Instant occurredAt) implements EssenceEvent {
        public UUID aggregateId() {
            return userId;
        }
    }
}
