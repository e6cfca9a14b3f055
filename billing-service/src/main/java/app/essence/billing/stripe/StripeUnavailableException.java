package app.essence.billing.stripe;

/** Stripe could not be reached or refused the call; the cause is logged, never shown to a user. */
public class StripeUnavailableException extends RuntimeException {
    private final Integer status;
    private final String code;
    private final String requestId;

    public StripeUnavailableException(String message, Throwable cause, Integer status, String code,
            String requestId) {
        super(message, cause);
        this.status = status;
        this.code = code;
        this.requestId = requestId;
    }

    /** Stripe answered that the object does not exist (404 {@code resource_missing}). */
    public boolean gone() {
        return Integer.valueOf(404).equals(status);
    }

    /**
     * Stripe refused the request itself (a 4xx other than 404), so sending it again changes nothing; except 401/403
     * (our key, fixed by configuration), 409 (a concurrent request) and 429 (too many requests), which pass.
     */
    public boolean permanent() {
        return status != null && status >= 400 && status < 500 && status != 404 && status != 401 && status != 403
                && status != 409 && status != 429;
    }

    /** What Stripe said, for an operator: status, error code and request id (no message, no object). */
    public String stripeDetail() {
        return "status " + status + ", code " + code + ", request " + requestId;
    }
}
