package app.essence.common.openapi;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.Yaml;

/**
 * The request and response examples of the published API (deploy/gateway/examples.yaml, packaged into common-lib as
 * {@value #RESOURCE}), by the route table's operationId. Read with SnakeYAML, which resolves the file's anchors, so
 * one example serves the operations that answer alike.
 */
record ApiExamples(Map<String, Map<String, Object>> byOperation) {
    static final String RESOURCE = "META-INF/essence/examples.yaml";

    static ApiExamples load() {
        try (InputStream in = ApiExamples.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from common-lib");
            }
            Map<String, Map<String, Object>> examples = new Yaml().load(in);
            return new ApiExamples(examples == null ? Map.of() : Map.copyOf(examples));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The JSON body an example request of the operation sends. */
    Optional<Object> request(String operationId) {
        return part(operationId, "request");
    }

    /** The body of the operation's example success answer. */
    Optional<Object> response(String operationId) {
        return part(operationId, "response");
    }

    private Optional<Object> part(String operationId, String part) {
        return Optional.ofNullable(byOperation.get(operationId)).map(example -> example.get(part));
    }
}
