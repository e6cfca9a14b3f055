package app.essence.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for ElevenLabs' voices API (add, list, get, delete). Every request is checked against the published
 * API description ({@link ElevenLabsSpec}): the key header, the multipart parts of an add and their content types;
 * what does not conform is answered as ElevenLabs would (401, 422) and kept in {@link #violations()}, which tests
 * expect empty. Each answer is checked against the description too. Tests plan the next answers of {@code add}:
 * success, a voice held for verification, 422, 429 {@code too_many_concurrent_requests}, 500, a slow success, or
 * a success whose answer is held until the test releases it (the voice exists meanwhile, as when the answer of a
 * call that made it is lost); and of {@code delete}.
 */
public class ElevenLabsStub implements QuarkusTestResourceLifecycleManager {
    public static final String API_KEY = "test-xi-api-key";
    private static final String ADD = "/v1/voices/add";
    private static final String VOICES = "/v1/voices";
    private static final String VOICE = "/v1/voices/{voice_id}";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ElevenLabsSpec SPEC = ElevenLabsSpec.load();

    private static final Map<String, AddedVoice> voices = new ConcurrentHashMap<>();
    private static final Queue<Answer> plannedAnswers = new ConcurrentLinkedQueue<>();
    private static final Queue<Answer> plannedDeletes = new ConcurrentLinkedQueue<>();
    private static final List<AddedVoice> addRequests = new CopyOnWriteArrayList<>();
    private static final List<String> deleteRequests = new CopyOnWriteArrayList<>();
    private static final List<String> violations = new CopyOnWriteArrayList<>();
    private static final AtomicInteger inFlight = new AtomicInteger();
    private static final AtomicInteger mostInFlight = new AtomicInteger();
    private static final AtomicInteger voiceCounter = new AtomicInteger();
    /** Held answers wait for this; a reset or {@link #releaseHeldAnswers()} lets them go. */
    private static volatile CountDownLatch heldAnswers = new CountDownLatch(1);
    /** The running stub, kept for {@link #unreachable()}; its port stays the same when it comes back. */
    private static volatile WireMockServer server;

    /** How the stub answers an add. */
    public enum Outcome {
        SUCCESS, NEEDS_VERIFICATION, INVALID, TOO_MANY_CONCURRENT, SERVER_ERROR
    }

    public record Answer(Outcome outcome, Duration delay, boolean held) {
        public Answer(Outcome outcome, Duration delay) {
            this(outcome, delay, false);
        }

        public static Answer success() {
            return new Answer(Outcome.SUCCESS, Duration.ZERO);
        }

        public static Answer slowSuccess(Duration delay) {
            return new Answer(Outcome.SUCCESS, delay);
        }

        /** The voice is made at once; the answer waits until {@link #releaseHeldAnswers()} (at most a minute). */
        public static Answer heldSuccess() {
            return new Answer(Outcome.SUCCESS, Duration.ZERO, true);
        }

        /** The voice is made, but held back until someone verifies it ({@code requires_verification}). */
        public static Answer needsVerification() {
            return new Answer(Outcome.NEEDS_VERIFICATION, Duration.ZERO);
        }

        public static Answer invalid() {
            return new Answer(Outcome.INVALID, Duration.ZERO);
        }

        public static Answer tooManyConcurrentRequests() {
            return new Answer(Outcome.TOO_MANY_CONCURRENT, Duration.ZERO);
        }

        public static Answer serverError() {
            return new Answer(Outcome.SERVER_ERROR, Duration.ZERO);
        }
    }

    /** What an add carried: its fields and, per file part, its file name, content type and size. */
    public record AddedVoice(String voiceId, String name, String description, Map<String, String> labels,
            List<FilePart> files) {
    }

    public record FilePart(String fileName, String contentType, int sizeBytes) {
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().port(freePort()).bindAddress("127.0.0.1")
                .containerThreads(20).extensions(new VoicesApi()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(ResponseDefinitionBuilder.responseDefinition().withStatus(500)));
        return Map.of(
                "essence.voice.provider", "elevenlabs",
                "essence.voice.elevenlabs.url", server.baseUrl(),
                "essence.voice.elevenlabs.api-key", API_KEY);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** Nothing listens on the stub's port until {@link #reachableAgain()}: every call finds no one to answer. */
    public static void unreachable() {
        server.stop();
    }

    public static void reachableAgain() {
        server.start();
    }

    /** The port the service calls; it must never reach a user. */
    public static int port() {
        return server.port();
    }

    /** The next adds are answered so, in order; once they are used up, adds succeed. */
    public static void plan(Answer... answers) {
        plannedAnswers.addAll(List.of(answers));
    }

    /** The next deletes are answered so (a server error, or success); once they are used up, deletes succeed. */
    public static void planDeletes(Answer... answers) {
        plannedDeletes.addAll(List.of(answers));
    }

    /** Lets every held answer go, and those held later too until the next reset. */
    public static void releaseHeldAnswers() {
        heldAnswers.countDown();
    }

    public static void reset() {
        heldAnswers.countDown();
        heldAnswers = new CountDownLatch(1);
        plannedAnswers.clear();
        plannedDeletes.clear();
        addRequests.clear();
        deleteRequests.clear();
        violations.clear();
        mostInFlight.set(0);
    }

    public static List<AddedVoice> addRequests() {
        return List.copyOf(addRequests);
    }

    public static List<String> deleteRequests() {
        return List.copyOf(deleteRequests);
    }

    public static boolean exists(String voiceId) {
        return voices.containsKey(voiceId);
    }

    /** The most adds the stub was answering at one time since the last reset. */
    public static int mostAddsInFlight() {
        return mostInFlight.get();
    }

    /** What the service sent, or the stub answered, that the published API does not allow. */
    public static List<String> violations() {
        return List.copyOf(violations);
    }

    /** The voices API, answered from this stub's state; everything else is a 404 as ElevenLabs answers it. */
    static final class VoicesApi implements ResponseDefinitionTransformerV2 {
        @Override
        public String getName() {
            return "elevenlabs-voices";
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request request = event.getRequest();
            String path = request.getUrl().split("\\?")[0];
            String method = request.getMethod().value();
            if (!API_KEY.equals(request.getHeader("xi-api-key"))) {
                violations.add(method + " " + path + ": header xi-api-key missing or wrong");
                return error(method, VOICES, 401, "invalid_api_key", "Invalid API key");
            }
            if (method.equals("POST") && path.equals(ADD)) {
                return add(request);
            }
            if (method.equals("GET") && path.equals(VOICES)) {
                List<Map<String, Object>> all = voices.values().stream().map(VoicesApi::voiceModel).toList();
                return json("GET", VOICES, 200, Map.of("voices", all));
            }
            if (path.startsWith(VOICES + "/")) {
                String voiceId = path.substring(VOICES.length() + 1);
                AddedVoice voice = voices.get(voiceId);
                if (voice == null) {
                    if (method.equals("DELETE")) {
                        deleteRequests.add(voiceId);
                    }
                    return error(method, VOICE, 404, "voice_not_found",
                            "A voice with the voice_id " + voiceId + " was not found.");
                }
                if (method.equals("GET")) {
                    return json("GET", VOICE, 200, voiceModel(voice));
                }
                if (method.equals("DELETE")) {
                    deleteRequests.add(voiceId);
                    Answer answer = plannedDeletes.poll();
                    if (answer != null && answer.outcome() == Outcome.SERVER_ERROR) {
                        return error("DELETE", VOICE, 500, "internal_server_error", "An internal error occurred.");
                    }
                    voices.remove(voiceId);
                    return json("DELETE", VOICE, 200, Map.of("status", "ok"));
                }
            }
            violations.add(method + " " + path + ": not an operation the service should call");
            return raw(404, "{\"detail\":\"Not Found\"}");
        }

        private ResponseDefinition add(Request request) {
            List<String> problems = multipartProblems(request);
            if (!problems.isEmpty()) {
                violations.addAll(problems);
                List<Map<String, Object>> detail = problems.stream()
                        .map(p -> Map.<String, Object>of("loc", List.of("body"), "msg", p, "type", "value_error"))
                        .toList();
                return json("POST", ADD, 422, Map.of("detail", detail));
            }
            AddedVoice added = parse(request);
            addRequests.add(added);
            Answer answer = plannedAnswers.poll();
            answer = answer == null ? Answer.success() : answer;
            int now = inFlight.incrementAndGet();
            mostInFlight.accumulateAndGet(now, Math::max);
            try {
                return switch (answer.outcome()) {
                    case SUCCESS -> {
                        voices.put(added.voiceId(), added);
                        yield json("POST", ADD, 200, Map.of("voice_id", added.voiceId(),
                                "requires_verification", false));
                    }
                    case NEEDS_VERIFICATION -> {
                        voices.put(added.voiceId(), added);
                        yield json("POST", ADD, 200, Map.of("voice_id", added.voiceId(),
                                "requires_verification", true));
                    }
                    case INVALID -> json("POST", ADD, 422, Map.of("detail", List.of(Map.of(
                            "loc", List.of("body", "files"), "msg",
                            "The uploaded audio could not be used for cloning", "type", "value_error"))));
                    case TOO_MANY_CONCURRENT -> error("POST", ADD, 429, "too_many_concurrent_requests",
                            "Too many concurrent requests for your subscription. Please retry later.");
                    case SERVER_ERROR -> error("POST", ADD, 500, "internal_server_error",
                            "An internal error occurred.");
                };
            } finally {
                // A slow or held answer waits here, so overlapping adds show in the in-flight count.
                sleep(answer.delay());
                if (answer.held()) {
                    awaitRelease();
                }
                inFlight.decrementAndGet();
            }
        }

        private static List<String> multipartProblems(Request request) {
            List<String> problems = new ArrayList<>();
            String contentType = request.getHeader("Content-Type");
            if (contentType == null || !contentType.startsWith("multipart/form-data") || !request.isMultipart()) {
                return List.of("POST " + ADD + ": body must be multipart/form-data, was " + contentType);
            }
            Map<String, Boolean> fields = SPEC.multipartFields("POST", ADD);
            List<String> seen = new ArrayList<>();
            for (Request.Part part : request.getParts()) {
                String name = part.getName();
                seen.add(name);
                if (!fields.containsKey(name)) {
                    problems.add("POST " + ADD + ": unknown part " + name);
                    continue;
                }
                String type = part.getHeader("Content-Type").isPresent()
                        ? part.getHeader("Content-Type").firstValue() : null;
                if (type != null && type.startsWith("multipart/")) {
                    problems.add("POST " + ADD + ": part " + name + " nests " + type + "; send one part per file");
                } else if (SPEC.isBinaryField("POST", ADD, name)) {
                    if (part.getFileName() == null || type == null || !type.startsWith("audio/")) {
                        problems.add("POST " + ADD + ": part " + name + " must be an audio file with a file name "
                                + "and an audio/* content type, was " + part.getFileName() + " " + type);
                    }
                } else if (part.getFileName() != null) {
                    problems.add("POST " + ADD + ": part " + name + " must be a form field, not a file");
                }
            }
            fields.forEach((name, required) -> {
                if (required && !seen.contains(name)) {
                    problems.add("POST " + ADD + ": required part " + name + " is missing");
                }
            });
            Request.Part labels = request.getPart("labels");
            if (labels != null) {
                try {
                    JSON.readValue(labels.getBody().asString(), new TypeReference<Map<String, String>>() {
                    });
                } catch (Exception e) {
                    problems.add("POST " + ADD + ": labels must be a JSON object of strings");
                }
            }
            return problems;
        }

        private static AddedVoice parse(Request request) {
            String description = request.getPart("description") == null ? null
                    : request.getPart("description").getBody().asString();
            Map<String, String> labels = Map.of();
            if (request.getPart("labels") != null) {
                try {
                    labels = JSON.readValue(request.getPart("labels").getBody().asString(),
                            new TypeReference<Map<String, String>>() {
                            });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            List<FilePart> files = request.getParts().stream().filter(part -> part.getName().equals("files"))
                    .map(part -> new FilePart(part.getFileName(), part.getHeader("Content-Type").firstValue(),
                            part.getBody().asBytes().length))
                    .toList();
            String voiceId = String.format("StubVoice%011d", voiceCounter.incrementAndGet());
            return new AddedVoice(voiceId, request.getPart("name").getBody().asString(), description, labels,
                    files);
        }

        private static Map<String, Object> voiceModel(AddedVoice voice) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("voice_id", voice.voiceId());
            model.put("name", voice.name());
            model.put("category", "cloned");
            model.put("labels", voice.labels());
            model.put("description", voice.description());
            model.put("available_for_tiers", Collections.emptyList());
            model.put("high_quality_base_model_ids", Collections.emptyList());
            return model;
        }

        private static ResponseDefinition error(String method, String pathTemplate, int status, String code,
                String message) {
            return json(method, pathTemplate, status, Map.of("detail", Map.of("status", code, "message", message)));
        }

        private static ResponseDefinition json(String method, String pathTemplate, int status, Object body) {
            String text;
            try {
                text = JSON.writeValueAsString(body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            List<String> wrong = SPEC.responseViolations(method, pathTemplate, status, text);
            wrong.forEach(v -> violations.add("stub answer " + method + " " + pathTemplate + " " + status + ": " + v));
            return raw(status, text);
        }

        private static ResponseDefinition raw(int status, String body) {
            return ResponseDefinitionBuilder.responseDefinition().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody(body).build();
        }

        private static void awaitRelease() {
            try {
                if (!heldAnswers.await(1, TimeUnit.MINUTES)) {
                    violations.add("a held answer was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static void sleep(Duration delay) {
            if (delay.isZero()) {
                return;
            }
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
