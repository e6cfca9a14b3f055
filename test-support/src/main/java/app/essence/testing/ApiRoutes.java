package app.essence.testing;

import static io.restassured.RestAssured.given;

import io.restassured.path.json.JsonPath;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** The routes a service documents in its OpenAPI description, as {@code METHOD /path/{param}}. */
public final class ApiRoutes {
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private ApiRoutes() {
    }

    public static Set<String> documented() {
        JsonPath openApi = given().accept("application/json").queryParam("format", "json").get("/q/openapi")
                .then().statusCode(200).extract().jsonPath();
        Map<String, Map<String, Object>> paths = openApi.getMap("paths");
        Set<String> routes = new TreeSet<>();
        paths.forEach((path, operations) -> operations.keySet().stream().filter(METHODS::contains)
                .forEach(method -> routes.add(method.toUpperCase() + " " + path)));
        return routes;
    }

    public static String method(String route) {
        return route.substring(0, route.indexOf(' '));
    }

    /** The route's path with each parameter replaced by the value given for it. */
    public static String path(String route, Map<String, String> parameters) {
        String path = route.substring(route.indexOf(' ') + 1);
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            path = path.replace("{" + parameter.getKey() + "}", parameter.getValue());
        }
        if (path.contains("{")) {
            throw new IllegalArgumentException("no value for a parameter of " + route);
        }
        return path;
    }
}
