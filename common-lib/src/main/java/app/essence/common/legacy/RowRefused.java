package app.essence.common.legacy;

import app.essence.common.problem.ProblemException;

/** Thrown by a slice (or the decoding) when a legacy row is not imported; carries why. */
public class RowRefused extends RuntimeException {
    private final RowOutcome.NotImported outcome;

    public RowRefused(RowOutcome.NotImported outcome) {
        super(outcome.reason() + ": " + outcome.detail(), null, false, false);
        this.outcome = outcome;
    }

    /**
     * A row the service's upload path refused, as the API would have answered it: a stable reason from the problem's
     * type, and its detail.
     */
    public static RowRefused refusedBy(ProblemException problem) {
        String reason = switch (problem.type()) {
            case UNSUPPORTED_MEDIA_TYPE -> "not-audio";
            case PAYLOAD_TOO_LARGE -> "too-large";
            case NOT_FOUND -> "unknown-profile";
            case CONFLICT -> "conflict";
            case UNAVAILABLE -> "unavailable";
            default -> "refused";
        };
        return new RowRefused(RowOutcome.failed(reason, problem.getMessage()));
    }

    public RowOutcome.NotImported outcome() {
        return outcome;
    }
}
