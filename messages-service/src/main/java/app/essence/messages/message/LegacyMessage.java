package app.essence.messages.message;

import app.essence.common.reactive.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import io.smallrye.mutiny.Uni;
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
 * A legacy message (docs/data-model.md §4): what the user asked for, the text that is spoken, and its audio once
 * spoken. Status, audio, provenance and play counts change only through the server's own transitions. Play counts
 * are written only by SQL ({@code updatable = false}), so saving a message never writes back a stale count.
 */
@Entity
@Table(name = "messages")
public class LegacyMessage extends PanacheEntityBase {
    @Id
    public UUID id;

    @Column(name = "user_id", nullable = false, updatable = false)
    public UUID userId;

    @Column(name = "profile_id", nullable = false, updatable = false)
    public UUID profileId;

    public String title;
    public String category;

    @Column(name = "recipient_label")
    public String recipientLabel;

    @Column(name = "moment_label")
    public String momentLabel;

    @Column(name = "prompt_text", nullable = false)
    public String promptText;

    @Column(name = "generated_text", nullable = false)
    public String generatedText;

    @Column(name = "writer_note")
    public String writerNote;

    @Column(name = "audio_storage_path")
    public String audioStoragePath;

    @Column(name = "mime_type", nullable = false)
    public String mimeType = "audio/mpeg";

    @Column(name = "duration_ms")
    public Integer durationMs;

    @Column(name = "size_bytes")
    public Integer sizeBytes;

    @Enumerated(EnumType.STRING)
    @JdbcTypeCode(SqlTypes.NAMED_ENUM)
    @Column(name = "status", nullable = false)
    public MessageStatus status = MessageStatus.draft;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "voice_id")
    public String voiceId;

    public String provider;

    @Column(name = "model_id")
    public String modelId;

    @Column(name = "play_count", nullable = false, insertable = false, updatable = false)
    public int playCount;

    @Column(name = "last_played_at", insertable = false, updatable = false)
    public Instant lastPlayedAt;

    @Column(name = "synthesis_id")
    public UUID synthesisId;

    @Column(name = "synthesis_runs", nullable = false)
    public int synthesisRuns;

    @Column(name = "synthesis_lease_expires_at")
    public Instant synthesisLeaseExpiresAt;

    @Column(name = "synthesis_started_at")
    public Instant synthesisStartedAt;

    @Column(name = "created_at", nullable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    /**
     * The profile of a message (null if there is none), without loading the message: a change first locks the
     * profile's replica row and only then loads the message with its own lock, so what it reads is fresh.
     */
    public static Uni<UUID> profileOf(UUID id) {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session,
                "select profile_id from messages where id = :id", UUID.class).setParameter("id", id)
                .getSingleResultOrNull());
    }
}
