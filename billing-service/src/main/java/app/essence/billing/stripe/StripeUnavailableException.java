package app.essence.billing.stripe;

/** Stripe could not be reached or refused the call; the cause is logged, never shown to a user. */
public class StripeUnavailableException extends RuntimeException {
    private final boolean gone;

    public StripeUnavailableException(String message, Throwable cause, boolean gone) {
        super(message, cause);
        this.gone = gone;
    }

    /** Stripe answered that the object does not exist (404 {@code resource_missing}). */
    public boolean gone() {
        return gone;
    }
}
