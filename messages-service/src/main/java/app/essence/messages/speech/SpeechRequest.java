package app.essence.messages.speech;

import java.util.UUID;

/** What to speak: the message (named in the MP3's tags), its profile, the provider's voice id and the text. */
public record SpeechRequest(UUID messageId, UUID profileId, String voiceId, String text) {
}
