package app.essence.clips.clip;

import app.essence.clips.quality.QualityStatus;
import app.essence.clips.quality.QualityVerdict;
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

/** One recorded prompt of a profile (docs/data-model.md §3); its audio lives in storage at {@link #audioStoragePath}. */
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

    @Column(name = "quality_reason")
    public String qualityReason;

    @Column(name = "quality_message")
    public String qualityMessage;

    @Column(name = "rms_dbfs")
    public Float rmsDbfs;

    @Column(name = "peak_dbfs")
    public Float peakDbfs;

    @Column(name = "clipped_ratio")
    public Float clippedRatio;

    @Column(name = "silence_ratio")
    public Float silenceRatio;

    @Column(name = "noise_floor_dbfs")
    public Float noiseFloorDbfs;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.NAMED_ENUM)
    @Column(name = "created_by", nullable = false, updatable = false)
    public ClipCreator createdBy = ClipCreator.user;

    /** Records a quality verdict and what it was measured from. */
    public void judged(QualityVerdict verdict) {
        qualityStatus = verdict.status();
        qualityReason = verdict.reason();
        qualityMessage = verdict.message();
        var m = verdict.measured();
        durationMs = m == null ? null : m.durationMs();
        rmsDbfs = m == null ? null : (float) m.rmsDbfs();
        peakDbfs = m == null ? null : (float) m.peakDbfs();
        clippedRatio = m == null ? null : (float) m.clippedRatio();
        silenceRatio = m == null ? null : (float) m.silenceRatio();
        noiseFloorDbfs = m == null ? null : (float) m.noiseFloorDbfs();
    }

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
