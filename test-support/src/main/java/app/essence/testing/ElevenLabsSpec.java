package app.essence.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.DoubleNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The ElevenLabs API as published ({@code vendor/elevenlabs-openapi.json}), so that stubs answer and clients ask
 * exactly what the real service answers and accepts. Bodies are validated with networknt's OpenAPI 3.1 dialect.
 */
public final class ElevenLabsSpec {
    private static final String RESOURCE = "vendor/elevenlabs-openapi.json";
    private static final String AS_PUBLISHED = "https://spec.essence.invalid/elevenlabs-openapi.json";
    /** The same document with every object closed: a request field the spec does not know is our invention or typo. */
    private static final String CLOSED = "https://spec.essence.invalid/elevenlabs-openapi-closed.json";
    /** Statuses the real service answers although the spec declares only 200 and 422 for every operation. */
    private static final Set<Integer> UNDECLARED_ERRORS =
            new TreeSet<>(List.of(400, 401, 402, 403, 404, 409, 429, 500, 502, 503));
    private static final String ERROR_BODY = """
            {"type": "object", "required": ["detail"], "properties": {"detail": {
              "type": "object", "required": ["status", "message"], "properties": {
                "status": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
                "message": {"type": "string", "minLength": 1}}}}}""";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** OpenAPI 3.1 schemas, inside a document whose top-level fields are no schema keywords (else warned about). */
    private static final Dialect DOCUMENT_DIALECT = Dialect.builder(Dialects.getOpenApi31())
            .keywords(Stream.of("openapi", "info", "paths", "components").map(NonValidationKeyword::new).toList())
            .build();

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final Schema errorBody;

    private ElevenLabsSpec(JsonNode document) {
        this.document = document;
        JsonNode closed = document.deepCopy();
        closeObjects(closed);
        this.registry = SchemaRegistry.withDialect(DOCUMENT_DIALECT,
                builder -> builder.schemas(Map.of(AS_PUBLISHED, document.toString(), CLOSED, closed.toString())));
        this.errorBody = registry.getSchema(readJson(ERROR_BODY));
    }

    /** The spec, read once per JVM: it is immutable and validating is thread-safe. */
    public static ElevenLabsSpec load() {
        return Loaded.SPEC;
    }

    /**
     * What is wrong with a JSON answer of the real service's shape for that status. Statuses the spec does not
     * declare are wrong, except the errors ElevenLabs answers outside it, whose body must be
     * {@code {"detail": {"status": "<snake_case>", "message": "<text>"}}}.
     */
    public List<String> responseViolations(String method, String pathTemplate, int status, String json) {
        JsonNode responses = operation(method, pathTemplate).path("responses");
        JsonNode declared = responses.get(String.valueOf(status));
        if (declared == null) {
            return UNDECLARED_ERRORS.contains(status)
                    ? violations(errorBody, json)
                    : List.of(method + " " + pathTemplate + " never answers " + status + "; the spec declares "
                            + names(responses) + " and ElevenLabs also answers " + UNDECLARED_ERRORS);
        }
        JsonNode schema = declared.path("content").path("application/json").get("schema");
        if (schema == null) {
            return List.of(method + " " + pathTemplate + " answers " + status + " with "
                    + names(declared.path("content")) + ", not application/json");
        }
        return violations(schemaAt(schema, AS_PUBLISHED), json);
    }

    /** What is wrong with a JSON request body: missing required fields, wrong types or enum values, unknown fields. */
    public List<String> requestViolations(String method, String pathTemplate, String json) {
        JsonNode schema = requestSchema(method, pathTemplate, "application/json");
        return violations(schemaAt(schema, CLOSED), json);
    }

    /** The fields of a multipart/form-data request, each with whether it is required, in the spec's order. */
    public Map<String, Boolean> multipartFields(String method, String pathTemplate) {
        JsonNode schema = resolve(requestSchema(method, pathTemplate, "multipart/form-data"));
        Set<String> required = texts(schema.path("required"));
        Map<String, Boolean> fields = new LinkedHashMap<>();
        schema.path("properties").fieldNames().forEachRemaining(name -> fields.put(name, required.contains(name)));
        return fields;
    }

    /** Whether a multipart field carries file content (format binary, or an array of such parts). */
    public boolean isBinaryField(String method, String pathTemplate, String field) {
        JsonNode property = resolve(requestSchema(method, pathTemplate, "multipart/form-data")).path("properties")
                .get(field);
        if (property == null) {
            throw new IllegalArgumentException(method + " " + pathTemplate + " has no multipart field " + field);
        }
        JsonNode single = "array".equals(property.path("type").asText()) ? resolve(property.path("items")) : property;
        return "binary".equals(single.path("format").asText());
    }

    public Set<String> queryParameters(String method, String pathTemplate) {
        return parameters(method, pathTemplate, "query").keySet();
    }

    public Set<String> headerParameters(String method, String pathTemplate) {
        return parameters(method, pathTemplate, "header").keySet();
    }

    /** What is wrong with a query: unknown or missing required names, values of the wrong type or outside an enum. */
    public List<String> queryViolations(String method, String pathTemplate, Map<String, String> query) {
        Map<String, JsonNode> declared = parameters(method, pathTemplate, "query");
        List<String> violations = new ArrayList<>();
        declared.forEach((name, parameter) -> {
            if (parameter.path("required").asBoolean() && !query.containsKey(name)) {
                violations.add("query parameter " + name + " is required");
            }
        });
        query.forEach((name, value) -> {
            JsonNode parameter = declared.get(name);
            if (parameter == null) {
                violations.add("query parameter " + name + " is unknown; the spec declares " + declared.keySet());
                return;
            }
            JsonNode schema = parameter.path("schema");
            registry.getSchema(schemaNode(schema, AS_PUBLISHED)).validate(typed(value, schema))
                    .forEach(error -> violations.add("query parameter " + name + ": " + error.getMessage()));
        });
        return violations;
    }

    private List<String> violations(Schema schema, String json) {
        JsonNode body;
        try {
            body = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return List.of("not JSON: " + e.getOriginalMessage());
        }
        return readable(schema.validate(body));
    }

    private static List<String> readable(List<Error> errors) {
        return errors.stream()
                .filter(error -> !onlyRepeatsANullableFailure(error, errors))
                .map(error -> where(error) + ": " + error.getMessage())
                .sorted()
                .toList();
    }

    /** The "null expected" half of a nullable field's anyOf says nothing when the other half told why it failed. */
    private static boolean onlyRepeatsANullableFailure(Error error, List<Error> errors) {
        String location = where(error);
        return error.getMessage().endsWith(", null expected") && errors.stream().anyMatch(other -> other != error
                && (where(other).equals(location) || where(other).startsWith(location + "/")));
    }

    private static String where(Error error) {
        String location = error.getInstanceLocation().toString();
        return location.isEmpty() ? "body" : location;
    }

    private JsonNode operation(String method, String pathTemplate) {
        JsonNode operation = document.path("paths").path(pathTemplate).get(method.toLowerCase());
        if (operation == null) {
            throw new IllegalArgumentException("the ElevenLabs spec has no operation " + method + " " + pathTemplate);
        }
        return operation;
    }

    private JsonNode requestSchema(String method, String pathTemplate, String contentType) {
        JsonNode schema = operation(method, pathTemplate).path("requestBody").path("content").path(contentType)
                .get("schema");
        if (schema == null) {
            throw new IllegalArgumentException(method + " " + pathTemplate + " takes no " + contentType + " body");
        }
        return schema;
    }

    private Map<String, JsonNode> parameters(String method, String pathTemplate, String in) {
        Map<String, JsonNode> parameters = new LinkedHashMap<>();
        for (JsonNode parameter : operation(method, pathTemplate).path("parameters")) {
            if (in.equals(parameter.path("in").asText())) {
                parameters.put(parameter.path("name").asText(), parameter);
            }
        }
        return parameters;
    }

    private Schema schemaAt(JsonNode schema, String documentIri) {
        return registry.getSchema(schemaNode(schema, documentIri));
    }

    /** A schema taken out of the document: its local references must point into the registered document. */
    private static JsonNode schemaNode(JsonNode schema, String documentIri) {
        JsonNode copy = schema.deepCopy();
        if (CLOSED.equals(documentIri)) {
            closeObjects(copy);
        }
        absolutizeRefs(copy, documentIri);
        return copy;
    }

    private static void absolutizeRefs(JsonNode node, String documentIri) {
        if (node instanceof ObjectNode object && object.path("$ref").asText().startsWith("#")) {
            object.put("$ref", documentIri + object.get("$ref").asText());
        }
        node.forEach(child -> absolutizeRefs(child, documentIri));
    }

    private static void closeObjects(JsonNode node) {
        if (node instanceof ObjectNode object && object.path("properties").isObject()
                && !object.has("additionalProperties")) {
            object.put("additionalProperties", false);
        }
        node.forEach(ElevenLabsSpec::closeObjects);
    }

    private JsonNode resolve(JsonNode schema) {
        String ref = schema.path("$ref").asText();
        return ref.startsWith("#") ? resolve(document.at(ref.substring(1))) : schema;
    }

    /** A query value as the JSON value it stands for, so that type and enum are checked like a body's. */
    private static JsonNode typed(String value, JsonNode schema) {
        Set<String> types = new LinkedHashSet<>();
        types.add(schema.path("type").asText());
        schema.path("anyOf").forEach(option -> types.add(option.path("type").asText()));
        if (types.contains("boolean") && (value.equals("true") || value.equals("false"))) {
            return BooleanNode.valueOf(Boolean.parseBoolean(value));
        }
        if (types.contains("integer") && value.matches("-?\\d{1,18}")) {
            return LongNode.valueOf(Long.parseLong(value));
        }
        if (types.contains("number") && value.matches("-?\\d+(\\.\\d+)?")) {
            return DoubleNode.valueOf(Double.parseDouble(value));
        }
        return TextNode.valueOf(value);
    }

    private static Set<String> texts(JsonNode array) {
        Set<String> texts = new LinkedHashSet<>();
        array.forEach(item -> texts.add(item.asText()));
        return texts;
    }

    private static String names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names.stream().collect(Collectors.joining(", ", "[", "]"));
    }

    private static JsonNode readJson(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class Loaded {
        static final ElevenLabsSpec SPEC = read();

        private static ElevenLabsSpec read() {
            try (InputStream in = ElevenLabsSpec.class.getClassLoader().getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException(RESOURCE + " is not on the classpath");
                }
                return new ElevenLabsSpec(JSON.readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
