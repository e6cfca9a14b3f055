package app.essence.voiceengine.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Dispatches calls to endpoints by method and path template, answering as FastAPI does for unknown paths (404) and
 * methods (405), and as ElevenLabs does for a missing or wrong {@code xi-api-key} (401).
 */
public final class Router implements HttpHandler {
    private static final System.Logger LOG = System.getLogger(Router.class.getName());

    private final byte[] apiKey;
    private final List<Route> routes = new ArrayList<>();

    public Router(String apiKey) {
        this.apiKey = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /** An endpoint that requires the API key. */
    public Router route(String method, String pathTemplate, Endpoint endpoint) {
        routes.add(new Route(method, pathTemplate.split("/"), endpoint, true));
        return this;
    }

    /** An endpoint anyone on this machine may call (the health probe). */
    public Router open(String method, String pathTemplate, Endpoint endpoint) {
        routes.add(new Route(method, pathTemplate.split("/"), endpoint, false));
        return this;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String[] path = exchange.getRequestURI().getPath().split("/");
            List<Route> atPath = routes.stream().filter(route -> route.matches(path).isPresent()).toList();
            if (atPath.isEmpty()) {
                throw ApiError.routing(404, "Not Found");
            }
            String method = exchange.getRequestMethod();
            Route route = atPath.stream().filter(r -> r.method.equals(method)).findFirst().orElseThrow(() -> {
                exchange.getResponseHeaders().set("Allow",
                        atPath.stream().map(r -> r.method).distinct().collect(Collectors.joining(", ")));
                return ApiError.routing(405, "Method Not Allowed");
            });
            if (route.needsKey && !keyMatches(exchange.getRequestHeaders().getFirst("xi-api-key"))) {
                throw ApiError.of(401, "invalid_api_key", "Invalid API key");
            }
            route.endpoint.handle(new Call(exchange, route.matches(path).orElseThrow()));
        } catch (ApiError error) {
            answer(exchange, error);
        } catch (RuntimeException | IOException e) {
            LOG.log(Level.ERROR, exchange.getRequestMethod() + " " + exchange.getRequestURI() + " failed", e);
            answer(exchange, ApiError.of(500, "internal_error", "The local voice engine failed: " + e));
        } finally {
            exchange.close();
        }
    }

    private static void answer(HttpExchange exchange, ApiError error) throws IOException {
        boolean answerStarted = exchange.getResponseCode() != -1;
        if (!answerStarted) {
            new Call(exchange, Map.of()).json(error.status(), error.body());
        }
    }

    private boolean keyMatches(String given) {
        // constant time, like any key comparison
        return given != null && MessageDigest.isEqual(apiKey, given.getBytes(StandardCharsets.UTF_8));
    }

    private record Route(String method, String[] template, Endpoint endpoint, boolean needsKey) {
        /** The path parameters when the path fits this template. */
        Optional<Map<String, String>> matches(String[] path) {
            if (path.length != template.length) {
                return Optional.empty();
            }
            Map<String, String> parameters = new HashMap<>();
            for (int i = 0; i < path.length; i++) {
                if (template[i].startsWith("{")) {
                    parameters.put(template[i].substring(1, template[i].length() - 1), path[i]);
                } else if (!template[i].equals(path[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(parameters);
        }
    }
}
