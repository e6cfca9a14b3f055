package app.essence.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.gateway.EnvoyPolicies;
import app.essence.gateway.GatewayCommand;
import app.essence.gateway.HttpRoutes;
import app.essence.gateway.NginxConfig;
import app.essence.gateway.OpenApiMerge;
import app.essence.gateway.RouteTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway's route table, the nginx config and HTTPRoutes generated from it, and the services' own OpenAPI
 * documents (stored by their builds) name the same routes.
 */
class RouteAgreementTests {
    private static final RouteTable TABLE = RouteTable.read(Repository.ROOT.resolve(RouteTable.LOCATION));
    private static final Pattern LOCATION = Pattern.compile(
            "location (=|~) (\\S+) \\{(.*?)\\n        }", Pattern.DOTALL);

    @TempDir
    Path dir;

    @Test
    void theCommittedHttpRoutesAreTheOnesTheTableGives() throws IOException {
        assertEquals(new HttpRoutes(TABLE).render(), Files.readString(Repository.ROOT.resolve(HttpRoutes.FILE)),
                "regenerate: java -jar deploy/gateway/target/gateway.jar httproutes . " + HttpRoutes.FILE);
    }

    @Test
    void theCommittedGatewayPoliciesAreTheOnesTheTableGives() throws IOException {
        assertEquals(new EnvoyPolicies(TABLE).render(), Files.readString(Repository.ROOT.resolve(EnvoyPolicies.FILE)),
                "regenerate: java -jar deploy/gateway/target/gateway.jar policies . " + EnvoyPolicies.FILE);
    }

    @Test
    void theNginxConfigProxiesEveryRouteOfTheTableAndNothingElse() {
        Map<String, String> locations = locations(nginx(List.of("https://app.essence.example")));
        for (RouteTable.Route route : TABLE.routes()) {
            String key = route.isTemplated() ? route.pathRegex() : route.path();
            String body = locations.get(key);
            assertTrue(body != null, "no nginx location for " + route.path());
            assertTrue(body.contains("proxy_pass http://" + route.service() + ";"), route.path());
            assertTrue(body.contains("client_max_body_size " + TABLE.bodies().get(route.body()) + ";"), route.path());
            assertTrue(body.contains("^(" + String.join("|", methodsWithHead(route)) + ")$"), route.path());
            assertEquals(route.allowsCors(), body.contains("Access-Control-Allow-Origin"), route.path() + " CORS");
            assertEquals(route.isRateLimited(), body.contains("limit_req "), route.path() + " rate limit");
        }
        long proxied = locations.values().stream().filter(b -> b.contains("proxy_pass")).count();
        assertEquals(TABLE.routes().size(), proxied, "the config proxies only the table's routes");
        for (String path : List.of("/q/health/ready", "/q/openapi", "/q/metrics", "/v1/operator/dead-letters/replay")) {
            locations.forEach((location, body) -> assertFalse(
                    body.contains("proxy_pass") && path.matches(location.startsWith("^") ? location : "\\Q" + location + "\\E"),
                    path + " is proxied by the location " + location));
        }
    }

    @Test
    void theStripeWebhookPassesItsBodyUntouchedWithoutCors() {
        String body = locations(nginx(List.of("https://app.essence.example"))).get("/stripe/webhook");
        assertFalse(body.contains("Access-Control"), body);
        assertFalse(body.contains("proxy_set_body") || body.contains("sub_filter"), body);
    }

    @Test
    void nginxAcceptsTheGeneratedConfig() throws Exception {
        Path config = dir.resolve("nginx.conf");
        Files.writeString(config, nginx(List.of("https://app.essence.example", "http://localhost:3000")));
        String nginx = Files.isExecutable(Path.of("/usr/sbin/nginx")) ? "/usr/sbin/nginx" : "nginx";
        Process test = new ProcessBuilder(nginx, "-t", "-q", "-c", config.toString(), "-p", dir.toString())
                .redirectErrorStream(true).start();
        String output = new String(test.getInputStream().readAllBytes());
        assertTrue(test.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, test.exitValue(), output);
    }

    @Test
    void anOriginThatIsNotOneIsRefusedBeforeItReachesTheConfig() {
        try {
            nginx(List.of("https://ok.example\"; evil"));
        } catch (IllegalArgumentException expected) {
            return;
        }
        throw new AssertionError("an origin with quotes went into the nginx config");
    }

    @Test
    void everyDocumentedOperationIsARouteOfTheTableAndTheOtherWayRound() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (Map.Entry<String, Path> document : GatewayCommand.serviceDocuments(Repository.ROOT, TABLE).entrySet()) {
            assertTrue(Files.exists(document.getValue()), "build " + document.getKey()
                    + "-service first: its OpenAPI document is missing at " + document.getValue());
            new ObjectMapper().readTree(document.getValue().toFile()).path("paths").fields().forEachRemaining(path -> {
                if (!TABLE.internal().contains(path.getKey())) {
                    path.getValue().fieldNames().forEachRemaining(method -> documented.add(
                            document.getKey() + " " + method.toUpperCase(Locale.ROOT) + " " + path.getKey()));
                }
            });
        }
        Set<String> routed = new TreeSet<>();
        TABLE.routes().forEach(route -> route.methods()
                .forEach(method -> routed.add(route.service() + " " + method + " " + route.path())));
        documented.removeIf(operation -> operation.contains(" PARAMETERS ") || operation.contains(" SERVERS "));
        assertEquals(routed, documented);
    }

    @Test
    void theMergedDocumentHasEveryRouteOfTheTable() {
        JsonNode merged = new OpenApiMerge(TABLE).merge(GatewayCommand.serviceDocuments(Repository.ROOT, TABLE), "1");
        for (RouteTable.Route route : TABLE.routes()) {
            for (String method : route.methods()) {
                assertTrue(merged.path("paths").path(route.path()).has(method.toLowerCase(Locale.ROOT)),
                        method + " " + route.path() + " is not in the merged document");
            }
        }
        TABLE.internal().forEach(path -> assertFalse(merged.path("paths").has(path), path));
    }

    private String nginx(List<String> origins) {
        Map<String, Integer> ports = new LinkedHashMap<>();
        TABLE.services().forEach(ports::put);
        return new NginxConfig(TABLE, new NginxConfig.Settings("127.0.0.1:18080", ports, origins, dir, dir,
                dir.resolve("openapi.json"), 20, 40, null)).render();
    }

    /** Each location's path (exact path or regular expression) and its block. */
    private static Map<String, String> locations(String config) {
        Map<String, String> locations = new LinkedHashMap<>();
        Matcher matcher = LOCATION.matcher(config);
        while (matcher.find()) {
            locations.put(matcher.group(2), matcher.group(3));
        }
        return locations;
    }

    private static List<String> methodsWithHead(RouteTable.Route route) {
        List<String> methods = new ArrayList<>(route.methods());
        if (methods.contains("GET")) {
            methods.add("HEAD");
        }
        return methods;
    }
}
