package app.essence.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.gateway.GatewayCommand;
import app.essence.gateway.RouteTable;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The services' OpenAPI documents (stored by their builds) carry request and response examples on every JSON body of
 * the table's operations, and each example is what its schema describes: clients and their mocks are generated from
 * them (docs/deploy.md, "The published API").
 */
class PublishedApiTests {
    private static final RouteTable TABLE = RouteTable.read(Repository.ROOT.resolve(RouteTable.LOCATION));
    private static final Path EXAMPLES = Repository.ROOT.resolve("deploy/gateway/examples.yaml");

    @Test
    void everyJsonBodyOfAnOperationHasAnExampleThatFitsItsSchema() throws IOException {
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, Path> service : GatewayCommand.serviceDocuments(Repository.ROOT, TABLE).entrySet()) {
            assertTrue(Files.exists(service.getValue()), "build " + service.getKey() + "-service first");
            JsonNode document = new ObjectMapper().readTree(service.getValue().toFile());
            for (RouteTable.Route route : TABLE.routes()) {
                if (!route.service().equals(service.getKey())) {
                    continue;
                }
                for (String method : route.methods()) {
                    JsonNode operation = document.path("paths").path(route.path()).path(method.toLowerCase(Locale.ROOT));
                    String name = route.operationId(method);
                    bodies(operation.path("requestBody").path("content"), name + " request", document, problems);
                    for (String status : route.successStatuses(method)) {
                        bodies(operation.path("responses").path(status).path("content"), name + " " + status,
                                document, problems);
                    }
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    void everyExampleBelongsToAnOperationOfTheTable() throws IOException {
        Set<String> operations = new TreeSet<>();
        TABLE.routes().forEach(route -> route.methods().forEach(method -> operations.add(route.operationId(method))));
        try (Reader reader = Files.newBufferedReader(EXAMPLES)) {
            Map<String, Map<String, Object>> examples = new Yaml().load(reader);
            Set<String> strays = new TreeSet<>(examples.keySet());
            strays.removeAll(operations);
            assertEquals(Set.of(), strays, "examples of no operation");
            examples.forEach((operation, example) -> assertTrue(Set.of("request", "response").containsAll(example.keySet()),
                    operation + ": an example has a request and a response, nothing else"));
        }
    }

    /** The check itself: a null passes only where the schema allows null, in each way OpenAPI 3.1 says so. */
    @Test
    void aNullFitsOnlyWhereTheSchemaAllowsIt() throws IOException {
        JsonNode document = new ObjectMapper().readTree("""
                {"components": {"schemas": {"Instant": {"type": "string", "format": "date-time"},
                  "View": {"type": "object", "properties": {
                    "plain": {"type": "string"}, "listed": {"type": ["string", "null"]},
                    "reference": {"$ref": "#/components/schemas/Instant"},
                    "nullableReference": {"type": ["string", "null"],
                        "anyOf": [{"$ref": "#/components/schemas/Instant"}, {"type": "null"}]}}}}}}""");
        JsonNode example = new ObjectMapper().readTree("""
                {"plain": null, "listed": null, "reference": null, "nullableReference": null}""");
        List<String> problems = new ArrayList<>();
        fits(new ObjectMapper().readTree("{\"$ref\": \"#/components/schemas/View\"}"), example, "view", document,
                problems);
        assertEquals(List.of("view.plain: null, but the schema does not allow null",
                "view.reference: null, but the schema does not allow null"), problems);
    }

    /** Each JSON media type of a body has an example, checked against the type's schema. */
    private static void bodies(JsonNode content, String where, JsonNode document, List<String> problems) {
        content.fields().forEachRemaining(type -> {
            if (!type.getKey().equals("application/json") && !type.getKey().endsWith("+json")) {
                return;
            }
            JsonNode example = type.getValue().has("example") ? type.getValue().get("example")
                    : type.getValue().path("examples").elements().hasNext()
                            ? type.getValue().path("examples").elements().next().path("value") : null;
            if (example == null || example.isMissingNode()) {
                problems.add(where + " (" + type.getKey() + ") has no example");
                return;
            }
            fits(type.getValue().path("schema"), example, where, document, problems);
        });
    }

    /**
     * The example's members are properties of the schema, its required ones present, its values of their types, and
     * null only where the schema allows it (OpenAPI 3.1: {@code "null"} among its types, or a branch of its
     * {@code anyOf}/{@code oneOf} that is): a client generated from the document must be able to read the example.
     */
    private static void fits(JsonNode declared, JsonNode example, String where, JsonNode document, List<String> problems) {
        JsonNode schema = resolve(declared, document);
        if (example.isNull()) {
            if (!allowsNull(schema, document)) {
                problems.add(where + ": null, but the schema does not allow null");
            }
            return;
        }
        List<JsonNode> branches = new ArrayList<>();
        for (String composition : List.of("anyOf", "oneOf")) {
            schema.path(composition).forEach(branch -> {
                if (!allowsNull(resolve(branch, document), document)) {
                    branches.add(branch);
                }
            });
        }
        if (branches.size() == 1 && !schema.has("properties")) {
            // A nullable reference ({anyOf: [{$ref}, {type: null}]}): a value is what the reference describes.
            fits(branches.get(0), example, where, document, problems);
        }
        if (example.isObject() && schema.has("properties")) {
            example.fields().forEachRemaining(member -> {
                if (!schema.path("properties").has(member.getKey())) {
                    problems.add(where + ": " + member.getKey() + " is not in the schema");
                } else {
                    fits(schema.path("properties").path(member.getKey()), member.getValue(),
                            where + "." + member.getKey(), document, problems);
                }
            });
            schema.path("required").forEach(required -> {
                if (!example.has(required.asText())) {
                    problems.add(where + ": the required " + required.asText() + " is missing");
                }
            });
        } else if (example.isObject() && schema.path("additionalProperties").isObject()) {
            example.fields().forEachRemaining(member -> fits(schema.path("additionalProperties"), member.getValue(),
                    where + "." + member.getKey(), document, problems));
        } else if (example.isArray() && schema.has("items")) {
            example.forEach(item -> fits(schema.path("items"), item, where + "[]", document, problems));
        }
        List<String> types = types(schema).stream().filter(type -> !type.equals("null")).toList();
        boolean typed = types.isEmpty() || types.stream().anyMatch(type -> switch (type) {
            case "object" -> example.isObject();
            case "array" -> example.isArray();
            // A JSON body the service reads as text (Stripe's event, whose signature covers the raw bytes).
            case "string" -> example.isTextual() || (where.endsWith(" request") && example.isObject());
            case "integer" -> example.isIntegralNumber();
            case "number" -> example.isNumber();
            case "boolean" -> example.isBoolean();
            default -> true;
        });
        if (!typed) {
            problems.add(where + ": " + example + " is not of type " + String.join(" or ", types));
        }
    }

    private static boolean allowsNull(JsonNode schema, JsonNode document) {
        if (types(schema).contains("null")) {
            return true;
        }
        for (String composition : List.of("anyOf", "oneOf")) {
            for (JsonNode branch : schema.path(composition)) {
                if (allowsNull(resolve(branch, document), document)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The schema's {@code type}: one name, or a list of them (OpenAPI 3.1). */
    private static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        List<String> types = new ArrayList<>();
        if (type.isTextual()) {
            types.add(type.asText());
        }
        type.forEach(each -> types.add(each.asText()));
        return types;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode document) {
        while (schema.has("$ref")) {
            String name = schema.get("$ref").asText().replace("#/components/schemas/", "");
            schema = document.path("components").path("schemas").path(name);
        }
        return schema;
    }
}
