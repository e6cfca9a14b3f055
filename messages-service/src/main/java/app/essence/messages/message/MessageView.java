package app.essence.messages.message;

import java.time.Instant;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A message as the API shows it. {@code provenance} says, once there is audio, that it is AI-generated speech in
 * the profile's preserved voice, and which provider and model spoke it.
 */
public record MessageView(UUID id, UUID userId, UUID profileId, String title, String category,
        @Schema(nullable = true) String recipientLabel, @Schema(nullable = true) String momentLabel, String promptText,
        String generatedText, @Schema(nullable = true) String writerNote, MessageStatus status,
        @Schema(nullable = true) String audioStoragePath, String mimeType, @Schema(nullable = true) Integer durationMs,
        @Schema(nullable = true) Integer sizeBytes, @Schema(nullable = true) String errorCode,
        @Schema(nullable = true) String errorMessage, @Schema(nullable = true) Provenance provenance, int playCount,
        @Schema(nullable = true) Instant lastPlayedAt, Instant createdAt, Instant updatedAt) {

    public record Provenance(boolean aiGenerated, @Schema(nullable = true) String voiceId,
            @Schema(nullable = true) String provider, @Schema(nullable = true) String modelId) {
    }

    public static MessageView of(LegacyMessage m) {
        Provenance provenance = m.status == MessageStatus.ready
                ? new Provenance(true, m.voiceId, m.provider, m.modelId) : null;
        return new MessageView(m.id, m.userId, m.profileId, m.title, m.category, m.recipientLabel, m.momentLabel,
                m.promptText, m.generatedText, m.writerNote, m.status, m.audioStoragePath, m.mimeType, m.durationMs,
                m.sizeBytes, m.errorCode, m.errorMessage, provenance, m.playCount, m.lastPlayedAt, m.createdAt,
                m.updatedAt);
    }
}
