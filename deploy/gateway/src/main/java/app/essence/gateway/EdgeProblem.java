package app.essence.gateway;

/**
 * The answers the gateway gives itself, as RFC 9457 problems with the services' own type URIs (common-lib
 * ProblemType): the same text from the local nginx and from the Kubernetes Gateway's policies.
 */
public enum EdgeProblem {
    NOT_FOUND(404, "not-found", "Not found", "No route of the API answers this method on this path.", null),
    METHOD_NOT_ALLOWED(405, "method-not-allowed", "Method not allowed", "This path does not take this method.", null),
    REQUEST_TIMEOUT(408, "request-timeout", "The request body arrived too slowly", "The request stopped arriving.",
            null),
    PAYLOAD_TOO_LARGE(413, "payload-too-large", "The request body is too large",
            "The body is larger than this route accepts.", null),
    TOO_MANY_REQUESTS(429, "too-many-requests", "Too many requests of this kind at once",
            "Too many requests from this client; retry after the time in Retry-After.", "1"),
    UNAVAILABLE(503, "unavailable", "A service this request needs is unavailable",
            "The service did not answer; retry later.", "5");

    static final String TYPE_BASE = "https://essence.app/problems/";
    public static final String MEDIA_TYPE = "application/problem+json";

    private final int status;
    private final String type;
    private final String title;
    private final String detail;
    private final String retryAfter;

    EdgeProblem(int status, String type, String title, String detail, String retryAfter) {
        this.status = status;
        this.type = type;
        this.title = title;
        this.detail = detail;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** Seconds for Retry-After, or null when the answer has none. */
    public String retryAfter() {
        return retryAfter;
    }

    /** The problem document; {@code requestId} (a proxy's variable) is added as request_id unless null. */
    public String json(String requestId) {
        return "{\"type\":\"" + TYPE_BASE + type + "\",\"title\":\"" + title + "\",\"status\":" + status
                + ",\"detail\":\"" + detail + "\"" + (requestId == null ? "" : ",\"request_id\":\"" + requestId + "\"")
                + "}";
    }
}
