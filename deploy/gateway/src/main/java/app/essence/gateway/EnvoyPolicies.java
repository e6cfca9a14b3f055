package app.essence.gateway;

import static app.essence.gateway.Manifests.map;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The edge policies of the Kubernetes gateway (Envoy Gateway 1.8 or newer), generated beside the HTTPRoutes: what the
 * local nginx does (docs/deploy.md, "The gateway"), as the implementation's own resources. On the Gateway a
 * {@code ClientTrafficPolicy} (client address, request id, timeouts), an {@code EnvoyProxy} writing JSON access logs
 * and a {@code BackendTrafficPolicy} with the one per-client limit shared by every route; per group of routes
 * ({@link RouteTable#groups()}) a {@code BackendTrafficPolicy} (JSON body limit, the gateway's answers as problems)
 * that merges with the Gateway's where the table wants the limit and replaces it where not, and, where browsers may
 * call, a {@code SecurityPolicy} with CORS. A last {@code HTTPRoute} catches every path no route of the table has and
 * answers it with the 404 problem ({@code HTTPRouteFilter} direct response): Envoy's own "no route" answer is plain
 * text, and a {@code responseOverride} does not reach a request that matched no route.
 */
public final class EnvoyPolicies {
    /** The file in the repository; RouteAgreementTests fails when it is not what {@link #render} gives. */
    public static final String FILE = "deploy/k8s/base/gateway/policies.yaml";
    public static final String API_VERSION = "gateway.envoyproxy.io/v1alpha1";
    /** The base's web origin; each overlay replaces it with its web client's origins. */
    public static final String BASE_ORIGIN = "https://app.essence.example";
    /** Per client address, as the local gateway's default (ESSENCE_GATEWAY_RATE). */
    public static final int REQUESTS_PER_SECOND = 20;
    /**
     * The longest a whole request may take to arrive. Uploads are not buffered here, so the services' minimum upload
     * rate (ESSENCE_UPLOADS_MIN_BYTES_PER_SECOND) sees the bytes as they come and cuts a trickle off earlier.
     */
    public static final String REQUEST_RECEIVED_TIMEOUT = "300s";
    /** A client connection with no request in flight is closed after this (nginx: keepalive_timeout). */
    public static final String IDLE_TIMEOUT = "30s";
    /**
     * Proxies in front of Envoy whose X-Forwarded-For entry is trusted: the cloud load balancer in front of the
     * Gateway's Service appends the client's address (docs/deploy.md; set to 0 where clients reach Envoy directly).
     */
    public static final int TRUSTED_HOPS = 1;
    /** The only body kind Envoy holds whole to limit it; uploads stream to the service, which limits them as it reads. */
    public static final String BUFFERED_BODY = "json";
    /** The HTTPRoute (and its HTTPRouteFilter) that answers a path of no route with the 404 problem. */
    public static final String NOT_FOUND = "essence-not-found";

    private final RouteTable table;

    public EnvoyPolicies(RouteTable table) {
        this.table = table;
    }

    public String render() {
        List<Map<String, Object>> objects = new ArrayList<>();
        objects.add(proxy());
        objects.add(clientTraffic());
        objects.add(rateLimit());
        for (RouteTable.Group group : table.groups()) {
            objects.add(backendTraffic(group));
            if (group.cors()) {
                objects.add(cors(group));
            }
        }
        objects.add(notFoundFilter());
        objects.add(notFoundRoute());
        objects.add(notFoundTraffic());
        return Manifests.render("EnvoyPolicies", objects);
    }

    /** JSON access logs, one object a line on stdout, with the fields of the local gateway's; never a token or body. */
    private static Map<String, Object> proxy() {
        Map<String, Object> fields = map("time", "%START_TIME%", "request_id", "%REQ(X-REQUEST-ID)%",
                "client", "%DOWNSTREAM_REMOTE_ADDRESS_WITHOUT_PORT%", "method", "%REQ(:METHOD)%",
                "uri", "%REQ(X-ENVOY-ORIGINAL-PATH?:PATH)%", "status", "%RESPONSE_CODE%",
                "request_bytes", "%BYTES_RECEIVED%", "response_bytes", "%BYTES_SENT%", "duration_ms", "%DURATION%",
                "upstream", "%UPSTREAM_HOST%", "upstream_duration_ms", "%RESP(X-ENVOY-UPSTREAM-SERVICE-TIME)%",
                "response_flags", "%RESPONSE_FLAGS%", "user_agent", "%REQ(USER-AGENT)%");
        return map("apiVersion", API_VERSION, "kind", "EnvoyProxy", "metadata", map("name", HttpRoutes.GATEWAY),
                "spec", map("telemetry", map("accessLog", map("settings", List.of(map(
                        "format", map("type", "JSON", "json", fields),
                        "sinks", List.of(map("type", "File", "file", map("path", "/dev/stdout")))))))));
    }

    /**
     * The client's address (from the load balancer's X-Forwarded-For, which the per-client limit counts by), the
     * request id (a client's kept, else one made) and the timeouts against requests that trickle.
     */
    private static Map<String, Object> clientTraffic() {
        return map("apiVersion", API_VERSION, "kind", "ClientTrafficPolicy", "metadata", map("name", HttpRoutes.GATEWAY),
                "spec", map("targetRefs", List.of(target("Gateway", HttpRoutes.GATEWAY)),
                        "clientIPDetection", map("xForwardedFor", map("numTrustedHops", TRUSTED_HOPS)),
                        "headers", map("requestID", "PreserveOrGenerate"),
                        "timeout", map("http", map("requestReceivedTimeout", REQUEST_RECEIVED_TIMEOUT,
                                "idleTimeout", IDLE_TIMEOUT))));
    }

    /**
     * One bucket per client address, IPv4 or IPv6, shared by all routes ({@code shared}; else Envoy keeps one per
     * route). On the Gateway, so a route's own policy takes it by merging (see {@link #backendTraffic}).
     */
    private static Map<String, Object> rateLimit() {
        List<Object> rules = new ArrayList<>();
        for (String everyAddress : List.of("0.0.0.0/0", "::/0")) {
            rules.add(map("clientSelectors", List.of(map("sourceCIDR", map("type", "Distinct", "value", everyAddress))),
                    "limit", map("requests", REQUESTS_PER_SECOND, "unit", "Second"), "shared", true));
        }
        return map("apiVersion", API_VERSION, "kind", "BackendTrafficPolicy", "metadata", map("name", HttpRoutes.GATEWAY),
                "spec", map("targetRefs", List.of(target("Gateway", HttpRoutes.GATEWAY)),
                        "rateLimit", map("type", "Global", "global", map("rules", rules))));
    }

    private Map<String, Object> backendTraffic(RouteTable.Group group) {
        Map<String, Object> spec = map("targetRefs", List.of(target("HTTPRoute", group.name())));
        // A route's policy replaces the Gateway's unless it merges: merged, the route has the shared per-client limit.
        if (group.rateLimited()) {
            spec.put("mergeType", "StrategicMerge");
        }
        List<EdgeProblem> answers = new ArrayList<>(List.of(EdgeProblem.REQUEST_TIMEOUT, EdgeProblem.UNAVAILABLE));
        if (BUFFERED_BODY.equals(group.body())) {
            // A JSON body is held to its limit before the service reads a byte (413 past it).
            spec.put("requestBuffer", map("limit", String.valueOf(table.bodies().get(group.body()))));
            answers.add(EdgeProblem.PAYLOAD_TOO_LARGE);
        }
        if (group.rateLimited()) {
            answers.add(EdgeProblem.TOO_MANY_REQUESTS);
        }
        spec.put("responseOverride", overrides(answers));
        return map("apiVersion", API_VERSION, "kind", "BackendTrafficPolicy", "metadata", map("name", group.name()),
                "spec", spec);
    }

    /** Only the gateway's own answers: a service's 413 or 429 problem says more and passes as it is. */
    private static List<Map<String, Object>> overrides(List<EdgeProblem> answers) {
        return answers.stream().map(problem -> map(
                "match", map("statusCodes", List.of(map("type", "Value", "value", problem.status()))),
                "source", "Local", "response", problemResponse(problem))).toList();
    }

    /** The problem document as Envoy's custom response, with nginx's Retry-After where the problem has one. */
    private static Map<String, Object> problemResponse(EdgeProblem problem) {
        Map<String, Object> response = map("contentType", EdgeProblem.MEDIA_TYPE,
                "body", map("type", "Inline", "inline", problem.json(null)));
        if (problem.retryAfter() != null) {
            response.put("header", map("set", List.of(map("name", "Retry-After", "value", problem.retryAfter()))));
        }
        return response;
    }

    /**
     * The catch-all takes the shared per-client limit too (a client that floods unknown paths is limited), and its
     * 408 and 429 are problems like every route's.
     */
    private static Map<String, Object> notFoundTraffic() {
        return map("apiVersion", API_VERSION, "kind", "BackendTrafficPolicy", "metadata", map("name", NOT_FOUND),
                "spec", map("targetRefs", List.of(target("HTTPRoute", NOT_FOUND)), "mergeType", "StrategicMerge",
                        "responseOverride", overrides(List.of(EdgeProblem.REQUEST_TIMEOUT,
                                EdgeProblem.TOO_MANY_REQUESTS))));
    }

    /** The 404 problem, answered by Envoy itself (a direct response, at most 4 KB). */
    private static Map<String, Object> notFoundFilter() {
        Map<String, Object> response = problemResponse(EdgeProblem.NOT_FOUND);
        response.put("statusCode", EdgeProblem.NOT_FOUND.status());
        return map("apiVersion", API_VERSION, "kind", "HTTPRouteFilter", "metadata", map("name", NOT_FOUND),
                "spec", map("directResponse", response));
    }

    /**
     * Every path, after all others: Envoy Gateway orders exact paths, then regular expressions, then prefixes (the
     * longest first), so only a request no route of the table takes reaches this one, {@code /q/*} and a method a path
     * does not take included (nginx answers the latter 405; here it is the 404 problem).
     */
    private static Map<String, Object> notFoundRoute() {
        return map("apiVersion", "gateway.networking.k8s.io/v1", "kind", "HTTPRoute",
                "metadata", map("name", NOT_FOUND, "labels", map("app.kubernetes.io/part-of", "essence")),
                "spec", map("parentRefs", List.of(map("name", HttpRoutes.GATEWAY)),
                        "rules", List.of(map("matches", List.of(map("path", map("type", "PathPrefix", "value", "/"))),
                                "filters", List.of(map("type", "ExtensionRef", "extensionRef",
                                        map("group", "gateway.envoyproxy.io", "kind", "HTTPRouteFilter",
                                                "name", NOT_FOUND)))))));
    }

    /** CORS for the web client's origins: preflights answered at the gateway, the headers nginx allows. */
    private static Map<String, Object> cors(RouteTable.Group group) {
        Set<String> methods = new LinkedHashSet<>();
        group.routes().forEach(route -> methods.addAll(route.methods()));
        return map("apiVersion", API_VERSION, "kind", "SecurityPolicy", "metadata", map("name", group.name()),
                "spec", map("targetRefs", List.of(target("HTTPRoute", group.name())),
                        "cors", map("allowOrigins", List.of(BASE_ORIGIN), "allowMethods", List.copyOf(methods),
                                "allowHeaders", split(NginxConfig.CORS_REQUEST_HEADERS),
                                "exposeHeaders", split(NginxConfig.CORS_EXPOSED_HEADERS), "maxAge", "600s")));
    }

    private static Map<String, Object> target(String kind, String name) {
        return map("group", "gateway.networking.k8s.io", "kind", kind, "name", name);
    }

    private static List<String> split(String headers) {
        return Arrays.stream(headers.split(",")).map(String::trim).toList();
    }
}
