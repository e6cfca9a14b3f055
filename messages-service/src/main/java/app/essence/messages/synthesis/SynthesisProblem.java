package app.essence.messages.synthesis;

/**
 * Why a synthesis failed that is our own (the speech client's reasons come with their own code and sentence, in the
 * same style): a stable code a client may switch on, and our sentence. Never a provider's words or an exception's
 * text.
 */
public enum SynthesisProblem {
    INTERRUPTED("synthesis-interrupted", "Speaking this message did not finish after several tries. "
            + "Please try again."),
    TIMED_OUT("synthesis-timed-out", "Speaking this message did not finish in time. Please try again.");

    private final String code;
    private final String sentence;

    SynthesisProblem(String code, String sentence) {
        this.code = code;
        this.sentence = sentence;
    }

    public String code() {
        return code;
    }

    public String sentence() {
        return sentence;
    }
}
