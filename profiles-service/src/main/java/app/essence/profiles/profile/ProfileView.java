package app.essence.profiles.profile;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A profile as the API shows it. */
public record ProfileView(UUID id, UUID userId, String name, String relation, @Schema(nullable = true) String notes,
        VoiceModelStatus voiceModelStatus, @Schema(nullable = true) String elevenlabsVoiceId,
        @Schema(nullable = true) Instant trainingCompletedAt, @Schema(nullable = true) Instant voiceReadyAt,
        int trainingClipCount, int messageCount, boolean hasAvatar, @Schema(nullable = true) Instant avatarUpdatedAt,
        Instant createdAt, Instant updatedAt) {

    public static ProfileView of(Profile p) {
        return new ProfileView(p.id, p.userId, p.name, p.relation, p.notes, p.voiceModelStatus, p.elevenlabsVoiceId,
                p.trainingCompletedAt, p.voiceReadyAt, p.trainingClipCount, p.messageCount,
                p.avatarStoragePath != null, p.avatarUpdatedAt, p.createdAt, p.updatedAt);
    }
}
