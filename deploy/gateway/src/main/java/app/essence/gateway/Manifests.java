package app.essence.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Kubernetes objects written as one multi-document YAML file, as the generated files of deploy/k8s are. */
final class Manifests {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            // A string stays a string ("1" for Retry-After, which Kubernetes refuses as a number)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .build();

    private Manifests() {
    }

    /** The objects, each after a {@code ---}, under a header naming the generator. */
    static String render(String generator, List<Map<String, Object>> objects) {
        StringBuilder out = new StringBuilder("# Generated from deploy/gateway/routes.yaml by deploy/gateway (" + generator
                + "); edit the table, not this.\n");
        for (Map<String, Object> object : objects) {
            try {
                out.append("---\n").append(YAML.writeValueAsString(object));
            } catch (JsonProcessingException e) {
                throw new UncheckedIOException(e);
            }
        }
        return out.toString();
    }

    /** An ordered map of alternating keys and values. */
    static Map<String, Object> map(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
