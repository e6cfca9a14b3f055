package app.essence.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** The gateway's route table, {@code deploy/gateway/routes.yaml}: which service answers which path and methods. */
public record RouteTable(Map<String, Integer> services, Map<String, Long> bodies, List<Route> routes,
        List<String> internal) {

    /** The table's place in the repository, from its root. */
    public static final Path LOCATION = Path.of("deploy", "gateway", "routes.yaml");

    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9_.-]+|/\\{[A-Za-z][A-Za-z0-9]*})+");
    private static final Pattern OPERATION = Pattern.compile("[a-z][A-Za-z]+ [1-5][0-9][0-9](\\|[1-5][0-9][0-9])*( [A-Z][A-Za-z]+)?");
    private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");

    /**
     * One route: a path in OpenAPI's template form ({@code /v1/profiles/{id}}), its methods, the service that answers,
     * the kind of body it takes (a key of {@link #bodies}), whether browsers may call it cross-origin and whether the
     * per-client limit applies.
     */
    public record Route(String path, String service, String body, Boolean cors,
            @JsonProperty("rate-limited") Boolean rateLimited, Map<String, String> operations) {

        /** The route's methods, in the table's order. */
        public List<String> methods() {
            return List.copyOf(operations.keySet());
        }

        /** The methods the gateway accepts: the route's, and HEAD wherever GET is (HTTP gives HEAD with GET). */
        public List<String> acceptedMethods() {
            List<String> methods = new ArrayList<>(methods());
            if (methods.contains("GET")) {
                methods.add("HEAD");
            }
            return List.copyOf(methods);
        }

        /** The stable operationId of a method ("getMe 200" gives getMe). */
        public String operationId(String method) {
            return operations.get(method).trim().split("\\s+")[0];
        }

        /** Its success statuses, the usual one first ("putClip 201|200" gives 201, 200). */
        public List<String> successStatuses(String method) {
            return List.of(operations.get(method).trim().split("\\s+")[1].split("\\|"));
        }

        public boolean allowsCors() {
            return cors == null || cors;
        }

        public boolean isRateLimited() {
            return rateLimited == null || rateLimited;
        }

        /** The path as an anchored regular expression: a template segment matches one non-empty segment. */
        public String pathRegex() {
            return "^" + path.replaceAll("\\{[^}]+}", "[^/]+").replace(".", "\\.") + "$";
        }

        public boolean isTemplated() {
            return path.contains("{");
        }
    }

    /**
     * Routes of one service that share their edge policies (body kind, CORS, per-client limit): in Kubernetes one
     * HTTPRoute each, so the Gateway implementation's policies can attach to it (docs/deploy.md, "The gateway").
     */
    public record Group(String service, String body, boolean cors, boolean rateLimited, List<Route> routes) {
        /** The service's name, then what sets the group apart from its plain JSON routes. */
        public String name() {
            return service + "-service" + ("json".equals(body) ? "" : "-" + body) + (cors ? "" : "-no-cors")
                    + (rateLimited ? "" : "-unlimited");
        }
    }

    /** The routes grouped by service and edge policies, in the table's order. */
    public List<Group> groups() {
        Map<List<Object>, List<Route>> grouped = new LinkedHashMap<>();
        for (String service : services.keySet()) {
            routes.stream().filter(route -> route.service().equals(service)).forEach(route -> grouped
                    .computeIfAbsent(List.of(service, route.body(), route.allowsCors(), route.isRateLimited()),
                            key -> new ArrayList<>())
                    .add(route));
        }
        return grouped.entrySet().stream().map(group -> new Group((String) group.getKey().get(0),
                (String) group.getKey().get(1), (Boolean) group.getKey().get(2), (Boolean) group.getKey().get(3),
                List.copyOf(group.getValue()))).toList();
    }

    public static RouteTable read(Path file) {
        try {
            RouteTable table = new ObjectMapper(new YAMLFactory())
                    .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .readValue(file.toFile(), RouteTable.class);
            table.check();
            return table;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the route table " + file, e);
        }
    }

    public RouteTable {
        internal = internal == null ? List.of() : List.copyOf(internal);
    }

    /** Refuses a table the generators would turn into a wrong or unsafe config (they write its values verbatim). */
    void check() {
        for (Route route : routes) {
            String where = "route " + route.path() + ": ";
            require(PATH.matcher(route.path()).matches(), where + "not a plain path template");
            require(services.containsKey(route.service()), where + "unknown service " + route.service());
            require(bodies.containsKey(route.body()), where + "unknown body kind " + route.body());
            require(route.operations() != null && !route.operations().isEmpty()
                    && METHODS.containsAll(route.methods()), where + "methods must be some of " + METHODS);
            route.operations().values().forEach(operation -> require(OPERATION.matcher(operation).matches(),
                    where + "an operation is 'operationId status[|status] [Schema]': " + operation));
        }
        require(routes.stream().map(Route::path).distinct().count() == routes.size(), "a path is listed twice");
        require(routes.stream().flatMap(r -> r.methods().stream().map(r::operationId)).distinct().count()
                == routes.stream().mapToLong(r -> r.methods().size()).sum(), "an operationId is used twice");
        services.keySet().forEach(name -> require(name.matches("[a-z]+"), "service names are lowercase words"));
    }

    private static void require(boolean condition, String problem) {
        if (!condition) {
            throw new IllegalArgumentException("route table: " + problem);
        }
    }
}
