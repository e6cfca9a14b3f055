package app.essence.profiles.profile;

import java.time.Instant;
import java.util.UUID;

/** A profile as the API shows it. */
public record ProfileView(UUID id, UUID userId, String name, String relation, String notes,
        VoiceModelStatus voiceModelStatus, String elevenlabsVoiceId, Instant trainingCompletedAt,
        Instant voiceReadyAt, int trainingClipCount, int messageCount, boolean hasAvatar, Instant avatarUpdatedAt,
        Instant createdAt, Instant updatedAt) {

    public static ProfileView of(Profile p) {
        return new ProfileView(p.id, p.userId, p.name, p.relation, p.notes, p.voiceModelStatus, p.elevenlabsVoiceId,
                p.trainingCompletedAt, p.voiceReadyAt, p.trainingClipCount, p.messageCount,
                p.avatarStoragePath != null, p.avatarUpdatedAt, p.createdAt, p.updatedAt);
    }
}
