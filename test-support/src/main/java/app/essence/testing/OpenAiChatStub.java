package app.essence.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for an OpenAI-compatible chat-completions endpoint ({@code POST /v1/chat/completions}). It checks what
 * the API requires of a request (a bearer key, a {@code model}, {@code messages} of role and content) and answers
 * 401/400 as the API does otherwise; answers a completion in the API's shape. Tests plan the next answers: a text,
 * an HTTP status (429, 500…), or a slow text. Requests are kept for the tests to read.
 */
public class OpenAiChatStub implements QuarkusTestResourceLifecycleManager {
    public static final String API_KEY = "test-openai-key";
    public static final String DEFAULT_TEXT = "I am proud of you, and I always will be.";
    private static final String PATH = "/v1/chat/completions";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Queue<Answer> planned = new ConcurrentLinkedQueue<>();
    private static final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private static WireMockServer server;

    /** One planned answer: a text after a delay, or an error status. */
    public record Answer(String text, int status, Duration delay, String finishReason) {
        public Answer(String text, int status, Duration delay) {
            this(text, status, delay, "stop");
        }

        public static Answer text(String text) {
            return new Answer(text, 200, Duration.ZERO);
        }

        /** A text the model stopped writing at its token limit ({@code finish_reason: length}). */
        public static Answer cutOff(String text) {
            return new Answer(text, 200, Duration.ZERO, "length");
        }

        public static Answer status(int status) {
            return new Answer(null, status, Duration.ZERO);
        }

        public static Answer slow(String text, Duration delay) {
            return new Answer(text, 200, delay);
        }
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1")
                .extensions(new Completions()));
        server.start();
        server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withTransformers(Completions.NAME)));
        return Map.of("essence.messages.writer.openai.base-url", server.baseUrl() + "/v1",
                "essence.messages.writer.openai.api-key", API_KEY);
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** The next answers, in order; once they are used up, each request gets {@link #DEFAULT_TEXT}. */
    public static void plan(Answer... answers) {
        planned.addAll(List.of(answers));
    }

    /** Forgets planned answers and the requests seen. */
    public static void reset() {
        planned.clear();
        requests.clear();
    }

    /** The JSON bodies of the requests answered so far, conforming or not. */
    public static List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    private static final class Completions implements ResponseDefinitionTransformerV2 {
        static final String NAME = "openai-chat-completions";

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            JsonNode body;
            try {
                body = JSON.readTree(event.getRequest().getBodyAsString());
            } catch (IOException e) {
                return error(400, "invalid_request_error", "We could not parse the JSON body of your request.");
            }
            requests.add(body);
            if (!("Bearer " + API_KEY).equals(event.getRequest().getHeader("Authorization"))) {
                return error(401, "invalid_request_error", "Incorrect API key provided.");
            }
            if (!body.path("model").isTextual() || !body.path("messages").isArray() || body.path("messages").isEmpty()
                    || !conforming(body.path("messages"))) {
                return error(400, "invalid_request_error", "'model' and 'messages' are required.");
            }
            Answer answer = planned.poll();
            if (answer == null) {
                answer = Answer.text(DEFAULT_TEXT);
            }
            if (answer.status() != 200) {
                return error(answer.status(), answer.status() == 429 ? "rate_limit_exceeded" : "server_error",
                        "planned by the test");
            }
            return ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withFixedDelay((int) answer.delay().toMillis())
                    .withBody(completion(body.path("model").asText(), answer.text(), answer.finishReason())).build();
        }

        @Override
        public String getName() {
            return NAME;
        }

        private static boolean conforming(JsonNode messages) {
            for (JsonNode message : messages) {
                if (!message.path("role").isTextual() || !message.path("content").isTextual()) {
                    return false;
                }
            }
            return true;
        }

        private static String completion(String model, String text, String finishReason) {
            ObjectNode root = JSON.createObjectNode().put("id", "chatcmpl-test").put("object", "chat.completion")
                    .put("created", 1_700_000_000L).put("model", model);
            ObjectNode choice = root.putArray("choices").addObject().put("index", 0).put("finish_reason", finishReason);
            choice.putObject("message").put("role", "assistant").put("content", text);
            root.putObject("usage").put("prompt_tokens", 50).put("completion_tokens", 20).put("total_tokens", 70);
            try {
                return JSON.writeValueAsString(root);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private static ResponseDefinition error(int status, String type, String message) {
            ObjectNode root = JSON.createObjectNode();
            root.putObject("error").put("message", message).put("type", type).putNull("param").putNull("code");
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody(root.toString()).build();
        }
    }
}
