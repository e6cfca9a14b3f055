package app.essence.messages.speech;

/**
 * One MP3 of the whole text, its duration measured by decoding it (counted samples, not a header's estimate), and
 * its provenance: the provider ({@code elevenlabs} or {@code local}), model and voice that spoke it.
 */
public record SpokenAudio(byte[] mp3, long durationMs, String provider, String modelId, String voiceId) {
}
