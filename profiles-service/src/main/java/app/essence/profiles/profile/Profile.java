package app.essence.profiles.profile;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A voice identity being preserved (docs/data-model.md §2). Voice status and cached counts are written only by
 * {@code ProfileProjection} from other services' events ({@code updatable = false} here), so a client's edit can
 * never write back a stale copy of them.
 */
@Entity
@Table(name = "profiles")
public class Profile extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public UUID userId;

    public String name;
    public String relation;
    public String notes;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.NAMED_ENUM)
    @Column(name = "voice_model_status", nullable = false, updatable = false)
    public VoiceModelStatus voiceModelStatus = VoiceModelStatus.not_submitted;

    @Column(name = "elevenlabs_voice_id", updatable = false)
    public String elevenlabsVoiceId;

    @Column(name = "training_completed_at", updatable = false)
    public Instant trainingCompletedAt;

    @Column(name = "voice_ready_at", updatable = false)
    public Instant voiceReadyAt;

    @Column(name = "training_clip_count", nullable = false, updatable = false)
    public int trainingClipCount;

    @Column(name = "message_count", nullable = false, updatable = false)
    public int messageCount;

    @Column(name = "avatar_storage_path")
    public String avatarStoragePath;

    @Column(name = "avatar_updated_at")
    public Instant avatarUpdatedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "deleted_at")
    public Instant deletedAt;
}
