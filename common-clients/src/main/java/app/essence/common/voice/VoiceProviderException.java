package app.essence.common.voice;

/**
 * An answer of the voice provider other than success: its HTTP status, its error code ({@code detail.status}, or
 * the validation error's type) and its message. {@link Busy} is worth retrying; {@link Refused} is not.
 */
public abstract class VoiceProviderException extends RuntimeException {
    private final int status;
    private final String code;

    protected VoiceProviderException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** What was answered, for an operator and for {@code last_error}. */
    public String describe() {
        return status + " " + code + ": " + getMessage();
    }

    /** 429 (rate or concurrency limit) or 5xx: the same request may succeed later. */
    public static final class Busy extends VoiceProviderException {
        public Busy(int status, String code, String message) {
            super(status, code, message);
        }
    }

    /** Any other 4xx: the request itself was refused, retrying it would be refused again. */
    public static final class Refused extends VoiceProviderException {
        public Refused(int status, String code, String message) {
            super(status, code, message);
        }
    }
}
