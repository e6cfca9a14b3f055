package app.essence.messages.message;

import java.time.Instant;
import java.util.UUID;

/**
 * A message as the API shows it. {@code provenance} says, once there is audio, that it is AI-generated speech in
 * the profile's preserved voice, and which provider and model spoke it.
 */
public record MessageView(UUID id, UUID userId, UUID profileId, String title, String category,
        String recipientLabel, String momentLabel, String promptText, String generatedText, String writerNote,
        MessageStatus status, String audioStoragePath, String mimeType, Integer durationMs, Integer sizeBytes,
        String errorCode, String errorMessage, Provenance provenance, int playCount, Instant lastPlayedAt,
        Instant createdAt, Instant updatedAt) {

    public record Provenance(boolean aiGenerated, String voiceId, String provider, String modelId) {
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
