package app.essence.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;

/**
 * The one API description clients generate from ({@code /openapi.json} at the gateway): the services' own documents
 * ({@code target/openapi/openapi.json}, stored at build time) merged, keeping only the paths the gateway routes.
 * Two services defining one schema name differently is an error, not a silent overwrite.
 */
public final class OpenApiMerge {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RouteTable table;

    public OpenApiMerge(RouteTable table) {
        this.table = table;
    }

    /** @param documents each service's document by service name */
    public ObjectNode merge(Map<String, Path> documents, String version) {
        ObjectNode merged = JSON.createObjectNode();
        merged.put("openapi", "3.1.0");
        ObjectNode info = merged.putObject("info");
        info.put("title", "ESSENCE API");
        info.put("version", version);
        info.put("description", "The public API of ESSENCE behind its gateway (docs/design.md §4). Errors are RFC 9457"
                + " problems (application/problem+json).");
        merged.putArray("servers").addObject().put("url", "/");
        ObjectNode paths = merged.putObject("paths");
        ObjectNode components = merged.putObject("components");
        for (Map.Entry<String, Path> document : documents.entrySet()) {
            JsonNode service = read(document.getValue());
            merged.put("openapi", service.path("openapi").asText("3.1.0"));
            service.path("paths").fields().forEachRemaining(path -> {
                if (routed(path.getKey(), document.getKey())) {
                    paths.set(path.getKey(), path.getValue());
                }
            });
            Iterator<Map.Entry<String, JsonNode>> kinds = service.path("components").fields();
            while (kinds.hasNext()) {
                Map.Entry<String, JsonNode> kind = kinds.next();
                ObjectNode into = components.has(kind.getKey()) ? (ObjectNode) components.get(kind.getKey())
                        : components.putObject(kind.getKey());
                kind.getValue().fields().forEachRemaining(entry -> {
                    JsonNode existing = into.get(entry.getKey());
                    if (existing != null && !existing.equals(entry.getValue())) {
                        throw new IllegalStateException("components." + kind.getKey() + "." + entry.getKey()
                                + " differs between services (" + document.getKey() + "); rename one");
                    }
                    into.set(entry.getKey(), entry.getValue());
                });
            }
            if (service.has("security") && !merged.has("security")) {
                merged.set("security", service.get("security"));
            }
        }
        return merged;
    }

    private boolean routed(String path, String service) {
        return table.routes().stream().anyMatch(r -> r.path().equals(path) && r.service().equals(service));
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the OpenAPI document " + file
                    + " (the service's build stores it: quarkus.smallrye-openapi.store-schema-directory)", e);
        }
    }

    public static String write(JsonNode document) {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document) + "\n";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
