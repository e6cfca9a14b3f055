package app.essence.common.events;

import java.time.Instant;
import java.util.UUID;

/**
 * Events published by clips-service on {@code essence.clips}. Each carries the profile's clip count after the
 * change, so a consumer sets the count (newer wins) instead of adding to it and never drifts on a replay.
 */
public final class ClipEvents {
    private ClipEvents() {
    }

    public record ClipUploaded(UUID clipId, UUID profileId, UUID userId, int promptIndex, long sizeBytes,
            Integer durationMs, String qualityStatus, int trainingClipCount, Instant occurredAt)
            implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    public record ClipDeleted(UUID clipId, UUID profileId, UUID userId, int promptIndex, int trainingClipCount,
            Instant occurredAt) implements EssenceEvent {
        public UUID aggregateId() {
            return profileId;
        }
    }

    /**
     * clips-service's part of an erasure is done: the user's clips, their files and their voices at the provider are
     * gone (docs/erasure.md). Ids only. Keyed by user.
     */
    public record UserClipsErased(UUID userId, Instant occurredAt) implements EssenceEvent {
        public UUID aggregateId() {
            return userId;
        }
    }
}
