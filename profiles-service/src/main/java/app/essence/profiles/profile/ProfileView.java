package app.essence.profiles.profile;

import io.vertx.mutiny.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** A profile as the API shows it. */
public record ProfileView(UUID id, UUID userId, String name, String relation, @Schema(nullable = true) String notes,
        VoiceModelStatus voiceModelStatus, @Schema(nullable = true) String elevenlabsVoiceId,
        @Schema(nullable = true) Instant trainingCompletedAt, @Schema(nullable = true) Instant voiceReadyAt,
        int trainingClipCount, int messageCount, boolean hasAvatar, @Schema(nullable = true) Instant avatarUpdatedAt,
        Instant createdAt, Instant updatedAt) {

    /** The columns {@link #of(Row)} reads, for a read on the SQL client. */
    static final String SELECT = "select id, user_id, name, relation, notes, voice_model_status, elevenlabs_voice_id, "
            + "training_completed_at, voice_ready_at, training_clip_count, message_count, avatar_storage_path, "
            + "avatar_updated_at, created_at, updated_at from profiles";

    static ProfileView of(Row r) {
        return new ProfileView(r.getUUID("id"), r.getUUID("user_id"), r.getString("name"), r.getString("relation"),
                r.getString("notes"), VoiceModelStatus.valueOf(r.getString("voice_model_status")),
                r.getString("elevenlabs_voice_id"), instant(r, "training_completed_at"), instant(r, "voice_ready_at"),
                r.getInteger("training_clip_count"), r.getInteger("message_count"),
                r.getString("avatar_storage_path") != null, instant(r, "avatar_updated_at"), instant(r, "created_at"),
                instant(r, "updated_at"));
    }

    private static Instant instant(Row r, String column) {
        OffsetDateTime time = r.getOffsetDateTime(column);
        return time == null ? null : time.toInstant();
    }

    public static ProfileView of(Profile p) {
        return new ProfileView(p.id, p.userId, p.name, p.relation, p.notes, p.voiceModelStatus, p.elevenlabsVoiceId,
                p.trainingCompletedAt, p.voiceReadyAt, p.trainingClipCount, p.messageCount,
                p.avatarStoragePath != null, p.avatarUpdatedAt, p.createdAt, p.updatedAt);
    }
}
