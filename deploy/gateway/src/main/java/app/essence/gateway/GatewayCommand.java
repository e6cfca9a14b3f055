package app.essence.gateway;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the launcher and the build run (docs/deploy.md, "The gateway"):
 * <pre>
 * java -jar gateway.jar nginx ROOT OUT --listen 127.0.0.1:8080 --port-base 8081 --cors "a,b" --state DIR --logs DIR
 *                                      [--openapi FILE] [--rate 20] [--burst 40] [--user USER]
 * java -jar gateway.jar httproutes ROOT OUT
 * java -jar gateway.jar policies ROOT OUT
 * java -jar gateway.jar openapi ROOT OUT [VERSION]
 * </pre>
 * ROOT is the repository (the table and the services' stored OpenAPI documents are read from it). Files are written
 * whole (temp file, then rename), so nginx never reads half a config.
 */
public final class GatewayCommand {
    private GatewayCommand() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            usage();
        }
        Path root = Path.of(args[1]);
        Path out = Path.of(args[2]);
        RouteTable table = RouteTable.read(root.resolve(RouteTable.LOCATION));
        Map<String, String> options = options(Arrays.asList(args).subList(3, args.length));
        String text = switch (args[0]) {
            case "nginx" -> new NginxConfig(table, nginxSettings(table, options)).render();
            case "httproutes" -> new HttpRoutes(table).render();
            case "policies" -> new EnvoyPolicies(table).render();
            case "openapi" -> OpenApiMerge.write(new OpenApiMerge(table)
                    .merge(serviceDocuments(root, table), options.getOrDefault("--version", "1")));
            default -> {
                usage();
                yield "";
            }
        };
        Files.createDirectories(out.toAbsolutePath().getParent());
        Path temp = Files.createTempFile(out.toAbsolutePath().getParent(), ".gateway", ".tmp");
        Files.writeString(temp, text);
        Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Each service's document, stored by its build in SERVICE-service/target/openapi/openapi.json. */
    public static Map<String, Path> serviceDocuments(Path root, RouteTable table) {
        Map<String, Path> documents = new LinkedHashMap<>();
        table.services().keySet().forEach(service -> documents.put(service,
                root.resolve(service + "-service").resolve("target/openapi/openapi.json")));
        return documents;
    }

    static NginxConfig.Settings nginxSettings(RouteTable table, Map<String, String> options) {
        int base = Integer.parseInt(options.getOrDefault("--port-base", "8081"));
        Map<String, Integer> ports = new LinkedHashMap<>();
        int offset = 0;
        for (String service : table.services().keySet()) {
            ports.put(service, base + offset++);
        }
        String cors = options.getOrDefault("--cors", "");
        List<String> origins = Arrays.stream(cors.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new NginxConfig.Settings(options.getOrDefault("--listen", "127.0.0.1:8080"), ports, origins,
                Path.of(required(options, "--state")).toAbsolutePath(),
                Path.of(required(options, "--logs")).toAbsolutePath(),
                options.containsKey("--openapi") ? Path.of(options.get("--openapi")).toAbsolutePath() : null,
                Integer.parseInt(options.getOrDefault("--rate", "20")),
                Integer.parseInt(options.getOrDefault("--burst", "40")), options.get("--user"));
    }

    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            options.put(args.get(i), args.get(i + 1));
        }
        return options;
    }

    private static String required(Map<String, String> options, String name) {
        String value = options.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing " + name);
        }
        return value;
    }

    private static void usage() {
        System.err.println("usage: gateway nginx|httproutes|policies|openapi ROOT OUT [options] (see GatewayCommand)");
        System.exit(2);
    }
}
