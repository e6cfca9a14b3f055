package app.essence.clips.training;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/** One training a user started, with the consent they gave; its progress is written by {@link TrainingWorkers}. */
@Entity
@Table(name = "trainings")
public class Training extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "profile_id", nullable = false, updatable = false)
    public UUID profileId;

    @Column(name = "user_id", nullable = false, updatable = false)
    public UUID userId;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.NAMED_ENUM)
    @Column(name = "status", nullable = false)
    public TrainingStatus status;

    @Column(name = "consent_statement", nullable = false, updatable = false)
    public String consentStatement;

    @Column(name = "consented_at", nullable = false, updatable = false)
    public Instant consentedAt;

    @Column(name = "clip_count", nullable = false, updatable = false)
    public int clipCount;

    @Column(name = "usable_seconds", nullable = false, updatable = false)
    public BigDecimal usableSeconds;

    /** Calls made to the voice provider, retries included. */
    @Column(name = "provider_calls", nullable = false)
    public int providerCalls;

    /** The {@link TrainingProblem} code of the last failed provider call. */
    @Column(name = "last_error")
    public String lastError;

    /** The {@link TrainingProblem} code of why the training failed. */
    @Column(name = "failure_code")
    public String failureCode;

    @Column(name = "voice_id")
    public String voiceId;

    @Column(name = "runs", nullable = false)
    public int runs;

    @Column(name = "lease_expires_at", nullable = false)
    public Instant leaseExpiresAt;

    @Column(name = "started_at", nullable = false, updatable = false)
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    @Column(name = "labels_swept_at")
    public Instant labelsSweptAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;
}
