package app.essence.gateway;

import static app.essence.gateway.Manifests.map;

import app.essence.gateway.RouteTable.Route;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Gateway API {@code HTTPRoute}s of deploy/k8s/base/gateway, one per group of a service's routes that share their
 * edge policies ({@link RouteTable#groups()}, so {@link EnvoyPolicies} can attach to each), one rule per route.
 * Templated paths match as anchored regular expressions (one segment per template), literal ones exactly. Each rule
 * accepts the route's methods and HEAD where GET is, as nginx does, and on routes browsers may call a CORS preflight
 * (OPTIONS with {@code Access-Control-Request-Method}): Envoy Gateway answers it only on a route that accepts it.
 */
public final class HttpRoutes {
    /** The file in the repository; RouteAgreementTests fails when it is not what {@link #render} gives. */
    public static final String FILE = "deploy/k8s/base/gateway/httproutes.yaml";
    public static final String GATEWAY = "essence";
    /** The port every service's Kubernetes Service listens on (deploy/k8s/base/SERVICE/service.yaml). */
    public static final int SERVICE_PORT = 80;
    /** The header that makes an OPTIONS request a CORS preflight. */
    public static final String PREFLIGHT_HEADER = "Access-Control-Request-Method";

    private final RouteTable table;

    public HttpRoutes(RouteTable table) {
        this.table = table;
    }

    public static String serviceName(String service) {
        return service + "-service";
    }

    public String render() {
        return Manifests.render("HttpRoutes", table.groups().stream().map(HttpRoutes::route).toList());
    }

    private static Map<String, Object> route(RouteTable.Group group) {
        List<Object> rules = new ArrayList<>();
        for (Route route : group.routes()) {
            Map<String, Object> path = map("type", route.isTemplated() ? "RegularExpression" : "Exact",
                    "value", route.isTemplated() ? route.pathRegex() : route.path());
            List<Object> matches = new ArrayList<>();
            for (String method : route.acceptedMethods()) {
                matches.add(map("path", path, "method", method));
            }
            if (group.cors()) {
                matches.add(map("path", path, "method", "OPTIONS", "headers",
                        List.of(map("type", "RegularExpression", "name", PREFLIGHT_HEADER, "value", ".+"))));
            }
            rules.add(map("matches", matches,
                    "backendRefs", List.of(map("name", serviceName(group.service()), "port", SERVICE_PORT))));
        }
        return map("apiVersion", "gateway.networking.k8s.io/v1", "kind", "HTTPRoute",
                "metadata", map("name", group.name(),
                        "labels", map("app.kubernetes.io/name", serviceName(group.service()),
                                "app.kubernetes.io/part-of", "essence")),
                "spec", map("parentRefs", List.of(map("name", GATEWAY)), "rules", rules));
    }
}
