package app.essence.messages.speech;

import io.smallrye.mutiny.Uni;

/** Speaks a message's text in the profile's preserved voice, at the configured voice provider. */
public interface MessageSpeech {
    /** Speaks the text in the voice; the result is one MP3 with provenance tags. Fails with SpeechFailure. */
    Uni<SpokenAudio> speak(SpeechRequest request);
}
