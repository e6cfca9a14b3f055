package app.essence.messages.speech;

/**
 * Why a text could not be spoken: a stable {@link #reason()} code for the message's row and the API, our own
 * {@link #sentence()} for the user (never the provider's words, which go to the log), and whether the same request
 * may succeed later.
 */
public class SpeechFailure extends RuntimeException {
    public static final String EMPTY_TEXT = "empty-text";
    public static final String VOICE_NOT_FOUND = "voice-not-found";
    public static final String CHARACTER_BUDGET_EXHAUSTED = "character-budget-exhausted";
    public static final String PROVIDER_UNAVAILABLE = "provider-unavailable";
    public static final String PROVIDER_REFUSED_TEXT = "provider-refused-text";
    public static final String PROVIDER_REFUSED = "provider-refused";
    public static final String PROVIDER_MISCONFIGURED = "provider-misconfigured";
    public static final String AUDIO_UNUSABLE = "audio-unusable";
    public static final String PROVIDER_TIMED_OUT = "provider-timed-out";
    public static final String TEXT_TOO_LONG = "text-too-long";

    private final String reason;
    private final String sentence;
    private final boolean retryable;

    public SpeechFailure(String reason, String sentence, boolean retryable, Throwable cause) {
        super(reason + ": " + sentence, cause);
        this.reason = reason;
        this.sentence = sentence;
        this.retryable = retryable;
    }

    static SpeechFailure emptyText() {
        return new SpeechFailure(EMPTY_TEXT, "There is no text to speak yet. Write the message, then try again.",
                false, null);
    }

    static SpeechFailure voiceNotFound(Throwable cause) {
        return new SpeechFailure(VOICE_NOT_FOUND, "The preserved voice is no longer available at the voice service. "
                + "Train the voice again, then try once more.", false, cause);
    }

    static SpeechFailure budgetExhausted(Throwable cause) {
        return new SpeechFailure(CHARACTER_BUDGET_EXHAUSTED, "The voice service has spoken all the characters it "
                + "may this period. Try again once its allowance renews.", false, cause);
    }

    static SpeechFailure providerUnavailable(Throwable cause) {
        return new SpeechFailure(PROVIDER_UNAVAILABLE, "The voice service is not answering right now. "
                + "Please try again in a few minutes.", true, cause);
    }

    static SpeechFailure refusedText(Throwable cause) {
        return refusedText(cause, false);
    }

    /** Retryable when the piece was too long for the model's limit: the next run asks for the limit again. */
    static SpeechFailure refusedText(Throwable cause, boolean retryable) {
        return new SpeechFailure(PROVIDER_REFUSED_TEXT, "The voice service could not speak this text. "
                + "Change the wording a little, then try again.", retryable, cause);
    }

    /**
     * A call that got no whole answer in time after it was sent. Not retried, here or by another run: the provider
     * may have spoken (and billed) it; the user may ask again.
     */
    static SpeechFailure timedOut(Throwable cause) {
        return new SpeechFailure(PROVIDER_TIMED_OUT, "The voice service took too long to speak this message. "
                + "Please try again later.", false, cause);
    }

    static SpeechFailure textTooLong(int most) {
        return new SpeechFailure(TEXT_TOO_LONG, "This message is too long to be spoken. Shorten it to at most "
                + most + " characters, then try again.", false, null);
    }

    static SpeechFailure refused(Throwable cause) {
        return new SpeechFailure(PROVIDER_REFUSED, "The voice service refused to speak this message. "
                + "Please try again later.", false, cause);
    }

    static SpeechFailure misconfigured(Throwable cause) {
        return new SpeechFailure(PROVIDER_MISCONFIGURED, "Speech is not available because of a problem on our "
                + "side. Please try again later.", false, cause);
    }

    /** Retryable when the audio was damaged; not when it held no sound or was far too long (it would again). */
    static SpeechFailure audioUnusable(Throwable cause, boolean retryable) {
        return new SpeechFailure(AUDIO_UNUSABLE, "The voice service sent audio that could not be used. "
                + "Please try again.", retryable, cause);
    }

    /** A stable code: {@code voice-not-found}, {@code character-budget-exhausted}, {@code provider-unavailable}… */
    public String reason() {
        return reason;
    }

    /** Our own words for the user. */
    public String sentence() {
        return sentence;
    }

    /** Whether the same request may succeed later (the provider was busy or down, its audio was damaged). */
    public boolean retryable() {
        return retryable;
    }
}
