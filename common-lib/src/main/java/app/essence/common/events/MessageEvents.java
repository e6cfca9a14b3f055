package app.essence.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Events published by messages-service on {@code essence.messages}, keyed by profile so that the profile's
 * message count stays in order. Created/Deleted carry the count after the change.
 */
public final class MessageEvents {
    private MessageEvents() {
    }

    public record MessageCreated(UUID messageId, UUID profileId, UUID userId, int messageCount, Instant occurredAt)
            implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    public record MessageReady(UUID messageId, UUID profileId, UUID userId, Integer durationMs, Instant occurredAt)
            implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    public record MessageFailed(UUID messageId, UUID profileId, UUID userId, String reason, Instant occurredAt)
            implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    public record MessageDeleted(UUID messageId, UUID profileId, UUID userId, int messageCount, Instant occurredAt)
            implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    /**
     * messages-service's part of an erasure is done: the user's messages and their audio are gone
     * (docs/erasure.md). Ids only. Keyed by user.
     */
    public record UserMessagesErased(UUID userId, Instant occurredAt) implements EssenceEvent {
        public UUID aggregateId() {
            return userId;
        }
    }
}
