package app.essence.common.events;

import java.time.Instant;
import java.util.UUID;

/** Events published by profiles-service on {@code essence.profiles}. */
public final class ProfileEvents {
    private ProfileEvents() {
    }

    /**
     * A new profile: ids only (v2). Its name and relation are personal text that Kafka would keep forever, and no
     * consumer needs them (docs/events.md, "Versions").
     */
    public record ProfileCreated(UUID profileId, UUID userId, Instant occurredAt) implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    /** A profile was changed: ids only (v2), as {@link ProfileCreated}. */
    public record ProfileUpdated(UUID profileId, UUID userId, Instant occurredAt) implements EssenceEvent {
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
