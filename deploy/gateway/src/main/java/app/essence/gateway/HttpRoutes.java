package app.essence.gateway;

import app.essence.gateway.RouteTable.Route;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gateway API {@code HTTPRoute}s of deploy/k8s/base/gateway, one per service, one rule per route of the table.
 * Templated paths match as anchored regular expressions (one segment per template), literal ones exactly.
 */
public final class HttpRoutes {
    /** The file in the repository; GeneratedFilesTests fails when it is not what {@link #render} gives. */
    public static final String FILE = "deploy/k8s/base/gateway/httproutes.yaml";
    public static final String GATEWAY = "essence";
    /** The port every service's Kubernetes Service listens on (deploy/k8s/base/SERVICE/service.yaml). */
    public static final int SERVICE_PORT = 80;

    private final RouteTable table;

    public HttpRoutes(RouteTable table) {
        this.table = table;
    }

    public static String serviceName(String service) {
        return service + "-service";
    }

    public String render() {
        YAMLMapper yaml = YAMLMapper.builder()
                .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                .build();
        StringBuilder out = new StringBuilder(
                "# Generated from deploy/gateway/routes.yaml by deploy/gateway (HttpRoutes); edit the table, not this.\n");
        for (String service : table.services().keySet()) {
            List<Route> routes = table.routes().stream().filter(r -> r.service().equals(service)).toList();
            if (routes.isEmpty()) {
                continue;
            }
            try {
                out.append("---\n").append(yaml.writeValueAsString(route(service, routes)));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    private Map<String, Object> route(String service, List<Route> routes) {
        List<Object> rules = new ArrayList<>();
        for (Route route : routes) {
            List<Object> matches = new ArrayList<>();
            for (String method : route.methods()) {
                matches.add(map("path", map("type", route.isTemplated() ? "RegularExpression" : "Exact",
                        "value", route.isTemplated() ? route.pathRegex() : route.path()), "method", method));
            }
            rules.add(map("matches", matches,
                    "backendRefs", List.of(map("name", serviceName(service), "port", SERVICE_PORT))));
        }
        return map("apiVersion", "gateway.networking.k8s.io/v1", "kind", "HTTPRoute",
                "metadata", map("name", serviceName(service),
                        "labels", map("app.kubernetes.io/name", serviceName(service),
                                "app.kubernetes.io/part-of", "essence")),
                "spec", map("parentRefs", List.of(map("name", GATEWAY)), "rules", rules));
    }

    private static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
