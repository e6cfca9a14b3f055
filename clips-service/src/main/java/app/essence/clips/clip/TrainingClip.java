package app.essence.clips.clip;

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

/** One recorded prompt of a profile (DATA_MODEL §3); its audio lives in storage at {@link #audioStoragePath}. */
@Entity
@Table(name = "training_clips")
public class TrainingClip extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public UUID userId;

    @Column(name = "profile_id", nullable = false, updatable = false)
    public UUID profileId;

    @Column(name = "prompt_index", nullable = false, updatable = false)
    public int promptIndex;

    @Column(name = "prompt_text", nullable = false)
    public String promptText;

    public Integer stage;

    @Column(name = "audio_storage_path", nullable = false)
    public String audioStoragePath;

    @Column(name = "mime_type", nullable = false)
    public String mimeType;

    @Column(name = "size_bytes")
    public Integer sizeBytes;

    @Column(name = "duration_ms")
    public Integer durationMs;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.NAMED_ENUM)
    @Column(name = "quality_status", nullable = false)
    public QualityStatus qualityStatus = QualityStatus.unknown;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.NAMED_ENUM)
    @Column(name = "created_by", nullable = false, updatable = false)
    public ClipCreator createdBy = ClipCreator.user;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
