package app.essence.common.openapi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The operations of the gateway's route table (deploy/gateway/routes.yaml, packaged into common-lib as
 * {@value #RESOURCE}): per path and method its stable operationId, success statuses and body kind.
 */
record RouteTableEntries(Map<String, Entry> entries) {
    static final String RESOURCE = "META-INF/essence/routes.yaml";

    record Entry(String path, String method, String operationId, List<String> successStatuses, String body,
            String responseSchema) {
    }

    static RouteTableEntries load() {
        try (InputStream in = RouteTableEntries.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from common-lib");
            }
            JsonNode table = new ObjectMapper(new YAMLFactory()).readTree(in);
            Map<String, Entry> entries = new HashMap<>();
            for (JsonNode route : table.path("routes")) {
                String path = route.path("path").asText();
                route.path("operations").fields().forEachRemaining(operation -> {
                    String[] parts = operation.getValue().asText().trim().split("\\s+");
                    entries.put(key(path, operation.getKey()), new Entry(path, operation.getKey(), parts[0],
                            List.of(parts[1].split("\\|")), route.path("body").asText("json"),
                            parts.length > 2 ? parts[2] : null));
                });
            }
            return new RouteTableEntries(Map.copyOf(entries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Optional<Entry> find(String path, String method) {
        return Optional.ofNullable(entries.get(key(path, method)));
    }

    private static String key(String path, String method) {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }
}
