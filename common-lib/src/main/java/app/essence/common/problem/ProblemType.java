package app.essence.common.problem;

/** The stable problem types clients may switch on; the URI is {@code Problem.TYPE_BASE + slug}. */
public enum ProblemType {
    VALIDATION("validation", 400, "The request is not valid"),
    MALFORMED_BODY("malformed-body", 400, "The request body cannot be read"),
    UNKNOWN_FIELD("unknown-field", 400, "The request sets a field that cannot be written"),
    UNAUTHENTICATED("unauthenticated", 401, "A valid bearer token is required"),
    PLAN_LIMIT_PROFILES("plan-limit/profiles", 402, "The plan allows no more voice profiles"),
    PLAN_LIMIT_MESSAGES_PER_MONTH("plan-limit/messages-per-month", 402,
            "The plan allows no more spoken messages this month"),
    PLAN_LIMIT_AUDIO_DOWNLOAD("plan-limit/audio-download", 402, "The plan does not include audio download"),
    PLAN_LIMIT_ARCHIVE_EXPORT("plan-limit/archive-export", 402, "The plan does not include archive export"),
    FORBIDDEN("forbidden", 403, "This operation is not allowed for the caller"),
    ANONYMOUS_USER("anonymous-user", 403, "Sign up to do this"),
    NOT_FOUND("not-found", 404, "Not found"),
    METHOD_NOT_ALLOWED("method-not-allowed", 405, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", 406, "Not acceptable"),
    REQUEST_TIMEOUT("request-timeout", 408, "The request body arrived too slowly"),
    CONFLICT("conflict", 409, "The request conflicts with the current state"),
    /** The caller's account was erased (docs/erasure.md): nothing is made for it again. */
    ACCOUNT_ERASED("account-erased", 410, "This account was erased"),
    PAYLOAD_TOO_LARGE("payload-too-large", 413, "The request body is too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", 415, "The content type is not supported"),
    RANGE_NOT_SATISFIABLE("range-not-satisfiable", 416, "The requested range cannot be served"),
    TOO_MANY_REQUESTS("too-many-requests", 429, "Too many requests of this kind at once"),
    INTERNAL("internal", 500, "Something went wrong on our side"),
    UNAVAILABLE("unavailable", 503, "A service this request needs is unavailable"),
    /** No Stripe key is configured (the local stack): checkout and the customer portal cannot work. */
    BILLING_NOT_CONFIGURED("billing-not-configured", 503, "Billing is not configured here");

    private final String slug;
    private final int status;
    private final String title;

    ProblemType(String slug, int status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String uri() {
        return Problem.TYPE_BASE + slug;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public static ProblemType forStatus(int status) {
        for (ProblemType type : values()) {
            if (type.status == status && type != MALFORMED_BODY && type != UNKNOWN_FIELD && type != ANONYMOUS_USER) {
                return type;
            }
        }
        return status >= 500 ? INTERNAL : VALIDATION;
    }
}
