package app.essence.common.problem;

import java.util.List;

/** Thrown anywhere to end a request with a problem response; mapped once by {@link ProblemMappers}. */
public class ProblemException extends RuntimeException {
    private final ProblemType type;
    private final List<Problem.FieldError> errors;
    private final String requiredPlan;

    public ProblemException(ProblemType type, String detail) {
        this(type, detail, null);
    }

    public ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors) {
        this(type, detail, errors, null);
    }

    private ProblemException(ProblemType type, String detail, List<Problem.FieldError> errors, String requiredPlan) {
        super(detail, null, false, false);
        this.type = type;
        this.errors = errors;
        this.requiredPlan = requiredPlan;
    }

    /** A plan limit met: {@code requiredPlan} is the least plan that lifts it, null when none does. */
    public static ProblemException planLimit(ProblemType type, String detail, String requiredPlan) {
        return new ProblemException(type, detail, null, requiredPlan);
    }

    public ProblemType type() {
        return type;
    }

    public List<Problem.FieldError> errors() {
        return errors;
    }

    public String requiredPlan() {
        return requiredPlan;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemType.NOT_FOUND, what + " was not found");
    }

    public static ProblemException invalidField(String field, String message) {
        return new ProblemException(ProblemType.VALIDATION, field + ": " + message,
                List.of(new Problem.FieldError(field, message)));
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(ProblemType.CONFLICT, detail);
    }

    public static ProblemException tooLarge(long limitBytes) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "the body is larger than the limit of " + limitBytes + " bytes");
    }

    public static ProblemException unsupportedMediaType(String detail) {
        return new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, detail);
    }
}
