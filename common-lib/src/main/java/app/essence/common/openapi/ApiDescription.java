package app.essence.common.openapi;

import app.essence.common.problem.Problem;
import io.quarkus.smallrye.openapi.OpenApiFilter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.examples.Example;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

/**
 * Completes every service's OpenAPI document at build time, so the description clients generate from is whole
 * (docs/deploy.md, "The published API"): each operation of the gateway's route table gets its stable operationId and
 * its success statuses from the table, the bearer scheme (none on the Stripe webhook), its error statuses with the
 * RFC 9457 problem schema and an example, its request and response examples (deploy/gateway/examples.yaml), and the
 * binary routes their Range support.
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDescription implements OASFilter {
    static final String PROBLEM = "Problem";
    static final String BEARER = "bearer";
    private static final String QUARKUS_SCHEME = "SecurityScheme";
    private static final Map<String, String> STATUS_TEXT = Map.ofEntries(Map.entry("200", "OK"),
            Map.entry("201", "Created"), Map.entry("202", "Accepted: the work goes on in the background"),
            Map.entry("204", "Done, nothing to return"), Map.entry("206", "The requested byte range (Range)"),
            Map.entry("400", "The request is not valid (a field error names the field)"),
            Map.entry("401", "No valid bearer token"), Map.entry("402", "The caller's plan does not allow this"),
            Map.entry("403", "The caller may not do this"),
            Map.entry("404", "Not found, or another user's: the two are not told apart"),
            Map.entry("409", "Conflicts with the current state"), Map.entry("413", "The body is too large"),
            Map.entry("415", "The content type is not accepted"),
            Map.entry("416", "The range is outside the content"),
            Map.entry("429", "Too many requests; retry after Retry-After"),
            Map.entry("503", "A service or provider this needs is unavailable; retry later"));

    private final RouteTableEntries table = RouteTableEntries.load();
    private final ApiExamples examples = ApiExamples.load();

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents()
                : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSchema(PROBLEM, problemSchema());
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("JWT")
                .description("A Supabase access token: Authorization: Bearer <token>"));
        openAPI.setServers(List.of(OASFactory.createServer().url("/").description("the API gateway")));
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
            table.find(path, method.name()).ifPresent(entry -> complete(entry, method, operation));
            oneBearerScheme(operation);
            binaryContent(operation);
            problemContent(operation);
        }));
        // The scheme Quarkus adds for smallrye-jwt, now named "bearer" on every operation.
        components.removeSecurityScheme(QUARKUS_SCHEME);
    }

    /** Requirements on Quarkus's own scheme point at ours (keeping the role it names, e.g. service_role). */
    private static void oneBearerScheme(Operation operation) {
        if (operation.getSecurity() == null) {
            return;
        }
        operation.setSecurity(operation.getSecurity().stream().map(requirement -> {
            if (requirement.getScheme(QUARKUS_SCHEME) == null) {
                return requirement;
            }
            return OASFactory.createSecurityRequirement().addScheme(BEARER, requirement.getScheme(QUARKUS_SCHEME));
        }).toList());
    }

    /** Audio and images are bytes: their media types get a binary schema, and success answers are not JSON. */
    private static void binaryContent(Operation operation) {
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            binary(operation.getRequestBody().getContent());
        }
        if (operation.getResponses() == null) {
            return;
        }
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            Content content = response.getContent();
            if (status.startsWith("2") && content != null && binary(content)) {
                content.removeMediaType("application/json");
            }
        });
    }

    private static boolean binary(Content content) {
        boolean any = false;
        for (var type : content.getMediaTypes().entrySet()) {
            String name = type.getKey();
            if (name.startsWith("audio/") || name.startsWith("image/") || name.equals("*/*")
                    || name.equals("application/octet-stream")) {
                type.getValue().setSchema(OASFactory.createSchema().addType(SchemaType.STRING).format("binary"));
                any = true;
            }
        }
        return any;
    }

    /** Error answers the scanner added without a body (401, 403) carry the problem document too. */
    private static void problemContent(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        operation.getResponses().getAPIResponses().forEach((status, response) -> {
            if ((status.startsWith("4") || status.startsWith("5")) && response.getContent() == null
                    && STATUS_TEXT.containsKey(status)) {
                APIResponse problem = problemResponse(status);
                response.setDescription(problem.getDescription());
                response.setContent(problem.getContent());
            }
        });
    }

    private void complete(RouteTableEntries.Entry entry, PathItem.HttpMethod method, Operation operation) {
        operation.setOperationId(entry.operationId());
        boolean webhook = entry.path().startsWith("/stripe/");
        operation.setSecurity(webhook ? List.of()
                : List.of(OASFactory.createSecurityRequirement().addScheme(BEARER)));
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses()
                : operation.getResponses();
        operation.setResponses(responses);
        successes(entry, responses);
        examples(entry, operation, responses);
        List<String> errors = new ArrayList<>(List.of("400", "429", "503"));
        if (!webhook) {
            errors.add("401");
        }
        if (entry.path().contains("{")) {
            errors.add("404");
        }
        if (entry.path().startsWith("/v1/operator/")) {
            errors.add("403");
        }
        if (operation.getRequestBody() != null || method == PathItem.HttpMethod.PUT) {
            errors.addAll(List.of("413", "415"));
        }
        if (method != PathItem.HttpMethod.GET && !webhook) {
            errors.addAll(List.of("402", "409"));
        }
        boolean ranged = entry.successStatuses().contains("206");
        if (ranged) {
            errors.add("416");
            ranged(operation, responses);
        }
        errors.stream().sorted().forEach(status -> {
            if (responses.getAPIResponse(status) == null) {
                responses.addAPIResponse(status, problemResponse(status));
            }
        });
    }

    /** The table's success statuses replace the 200 the scanner guesses for a JAX-RS Response. */
    private static void successes(RouteTableEntries.Entry entry, APIResponses responses) {
        APIResponse guessed = responses.getAPIResponse("200");
        for (String status : entry.successStatuses()) {
            if (responses.getAPIResponse(status) != null) {
                continue;
            }
            APIResponse response = OASFactory.createAPIResponse().description(STATUS_TEXT.get(status));
            if (guessed != null && !"204".equals(status)) {
                response.setContent(guessed.getContent());
            }
            responses.addAPIResponse(status, response);
        }
        if (entry.responseSchema() != null) {
            for (String status : entry.successStatuses()) {
                responses.getAPIResponse(status).setContent(OASFactory.createContent().addMediaType("application/json",
                        OASFactory.createMediaType().schema(OASFactory.createSchema().ref(entry.responseSchema()))));
            }
        }
        if (guessed != null && !entry.successStatuses().contains("200")) {
            responses.removeAPIResponse("200");
        }
        Map<String, APIResponse> other = new LinkedHashMap<>(responses.getAPIResponses());
        other.keySet().removeIf(status -> !status.startsWith("2") || entry.successStatuses().contains(status));
        other.keySet().forEach(responses::removeAPIResponse);
    }

    /** The operation's examples (deploy/gateway/examples.yaml) on its JSON request body and success answers. */
    private void examples(RouteTableEntries.Entry entry, Operation operation, APIResponses responses) {
        examples.request(entry.operationId()).ifPresent(example -> {
            if (operation.getRequestBody() != null) {
                jsonTypes(operation.getRequestBody().getContent()).forEach(type -> type.setExample(example));
            }
        });
        examples.response(entry.operationId()).ifPresent(example -> entry.successStatuses().forEach(status ->
                jsonTypes(responses.getAPIResponse(status).getContent()).forEach(type -> type.setExample(example))));
    }

    /** A body's JSON media types: application/json and the +json ones (merge patches). */
    private static List<MediaType> jsonTypes(Content content) {
        if (content == null || content.getMediaTypes() == null) {
            return List.of();
        }
        return content.getMediaTypes().entrySet().stream()
                .filter(type -> type.getKey().equals("application/json") || type.getKey().endsWith("+json"))
                .map(Map.Entry::getValue).toList();
    }

    /**
     * Audio routes answer byte ranges: the Range header in, 206 with Content-Range out, 416 outside; on S3 storage a
     * 302 to the object's presigned URL, where the client sends its Range (docs/storage.md).
     */
    private static void ranged(Operation operation, APIResponses responses) {
        boolean declared = operation.getParameters() != null && operation.getParameters().stream()
                .anyMatch(p -> "Range".equalsIgnoreCase(p.getName()));
        if (!declared) {
            operation.addParameter(OASFactory.createParameter().name("Range").in(Parameter.In.HEADER)
                    .description("One byte range, RFC 9110 (bytes=START-[END] or bytes=-SUFFIX)")
                    .schema(OASFactory.createSchema().addType(SchemaType.STRING)).example("bytes=0-1023"));
        }
        APIResponse partial = responses.getAPIResponse("206");
        partial.addHeader("Content-Range", OASFactory.createHeader().description("the range served")
                .schema(OASFactory.createSchema().addType(SchemaType.STRING)));
        partial.addHeader("Accept-Ranges", OASFactory.createHeader().description("bytes")
                .schema(OASFactory.createSchema().addType(SchemaType.STRING)));
        responses.addAPIResponse("302", OASFactory.createAPIResponse()
                .description("Where storage is S3: the content is at a short-lived URL, which takes the Range")
                .addHeader("Location", OASFactory.createHeader().description("the presigned URL")
                        .schema(OASFactory.createSchema().addType(SchemaType.STRING))));
    }

    private static APIResponse problemResponse(String status) {
        Example example = OASFactory.createExample().value(Map.of("type", Problem.TYPE_BASE + exampleType(status),
                "title", STATUS_TEXT.get(status), "status", Integer.parseInt(status)));
        Content content = OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref(PROBLEM)).addExample("problem", example));
        APIResponse response = OASFactory.createAPIResponse().description(STATUS_TEXT.get(status)).content(content);
        if ("429".equals(status) || "503".equals(status)) {
            response.addHeader("Retry-After", OASFactory.createHeader().description("seconds to wait")
                    .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
        }
        return response;
    }

    private static String exampleType(String status) {
        return switch (status) {
            case "400" -> "validation";
            case "401" -> "unauthenticated";
            case "402" -> "plan-limit/profiles";
            case "403" -> "forbidden";
            case "404" -> "not-found";
            case "409" -> "conflict";
            case "413" -> "payload-too-large";
            case "415" -> "unsupported-media-type";
            case "416" -> "range-not-satisfiable";
            case "429" -> "too-many-requests";
            default -> "unavailable";
        };
    }

    /** RFC 9457's members as the services write them (common-lib Problem). */
    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(SchemaType.OBJECT)
                .addProperty("field", string).addProperty("message", string);
        return OASFactory.createSchema().addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem (application/problem+json); `type` is stable")
                .addProperty("type", OASFactory.createSchema().addType(SchemaType.STRING).format("uri"))
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER))
                .addProperty("detail", string)
                .addProperty("instance", string)
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY).items(fieldError))
                .addProperty("required_plan", string)
                .required(List.of("type", "title", "status"));
    }
}
