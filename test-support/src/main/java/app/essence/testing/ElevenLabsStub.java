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
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
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
 * Stands in for ElevenLabs' voices API (add, list, get, delete), text-to-speech, models and the user's subscription.
 * Every request is checked against the published API description ({@link ElevenLabsSpec}): the key header, the
 * multipart parts of an add and their content types, a text-to-speech request's query, headers and JSON body;
 * what does not conform is answered as ElevenLabs would (401, 422) and kept in {@link #violations()}, which tests
 * expect empty. Each answer is checked against the description too. Tests plan the next answers of {@code add}:
 * success, a voice held for verification, 422, 429 {@code too_many_concurrent_requests}, 500, a slow success, or
 * a success whose answer is held until the test releases it (the voice exists meanwhile, as when the answer of a
 * call that made it is lost), or a 500 whose voice appears only once the test lets it (a lost answer while the
 * provider goes on cloning); of {@code delete}; of lists of the voices (refused, or busy); and of text-to-speech,
 * whose successes are real MP3 ({@link Mp3Fixtures}) at the asked rate and bitrate lasting
 * {@link #MILLIS_PER_CHARACTER} per character.
 */
public class ElevenLabsStub implements QuarkusTestResourceLifecycleManager {
    public static final String API_KEY = "test-xi-api-key";
    private static final String ADD = "/v1/voices/add";
    private static final String VOICES = "/v1/voices";
    private static final String VOICE = "/v1/voices/{voice_id}";
    private static final String TTS = "/v1/text-to-speech/{voice_id}";
    private static final String TTS_PREFIX = "/v1/text-to-speech/";
    private static final String MODELS = "/v1/models";
    private static final String SUBSCRIPTION = "/v1/user/subscription";
    /** How long the stub's speech lasts per character of text. */
    public static final int MILLIS_PER_CHARACTER = 20;
    /** The model the services ask for by default, and its per-request limit unless a test sets another. */
    public static final String MODEL_ID = "eleven_multilingual_v2";
    public static final int MODEL_CHARACTER_LIMIT = 10_000;
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
    private static final Queue<Answer> plannedSpeech = new ConcurrentLinkedQueue<>();
    private static final List<SpeechRequest> speechRequests = new CopyOnWriteArrayList<>();
    private static final AtomicInteger speechInFlight = new AtomicInteger();
    private static final AtomicInteger mostSpeechInFlight = new AtomicInteger();
    private static final AtomicInteger modelRequests = new AtomicInteger();
    private static final AtomicInteger subscriptionRequests = new AtomicInteger();
    private static volatile Duration speechLatency = Duration.ZERO;
    private static volatile int modelCharacterLimit = MODEL_CHARACTER_LIMIT;
    private static volatile long characterCount;
    private static volatile long characterLimit = 100_000;
    /** When set, {@code GET /v1/user/subscription} answers this body as it is (a broken or empty answer). */
    private static volatile String subscriptionBody;
    /** Held answers wait for this; a reset or {@link #releaseHeldAnswers()} lets them go. */
    private static volatile CountDownLatch heldAnswers = new CountDownLatch(1);
    /** How lists of the voices fail until {@link #listsAnswered()}; null: they answer the voices. */
    private static volatile ListFailure plannedListFailure;
    /** The running stub, kept for {@link #unreachable()}; its port stays the same when it comes back. */
    private static volatile WireMockServer server;

    /** How the stub answers an add. */
    public enum Outcome {
        SUCCESS, NEEDS_VERIFICATION, INVALID, TOO_MANY_CONCURRENT, SERVER_ERROR,
        /** Text-to-speech only: 401 {@code quota_exceeded}, as when the account's characters ran out meanwhile. */
        QUOTA_EXCEEDED,
        /** Text-to-speech only: 200 with an HTML page, as a captive proxy or a wrong base URL answers. */
        NOT_AUDIO
    }

    /** How a list of the voices fails. */
    private enum ListFailure {
        /** 401 {@code missing_permissions}, as after the key lost a permission. */
        REFUSED,
        /** 503, as when the provider is overloaded. */
        BUSY
    }

    /**
     * A planned answer: its outcome, after {@code delay}; {@code held}: the answer waits until
     * {@link #releaseHeldAnswers()} (at most a minute); {@code voiceOnRelease}: the voice the call makes, whatever the
     * answer, appears only on that release (a held answer waits for it, so it comes with the voice existing).
     */
    public record Answer(Outcome outcome, Duration delay, boolean held, boolean voiceOnRelease) {
        public Answer(Outcome outcome, Duration delay) {
            this(outcome, delay, false, false);
        }

        public Answer(Outcome outcome, Duration delay, boolean held) {
            this(outcome, delay, held, false);
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

        /**
         * The provider is still cloning: the voice appears, and the answer comes, only once
         * {@link #releaseHeldAnswers()} lets it go (at most a minute), so no listing finds it before.
         */
        public static Answer madeOnRelease() {
            return new Answer(Outcome.SUCCESS, Duration.ZERO, true, true);
        }

        /**
         * The call's answer is lost (a 500 at once, as a gateway that gave up on it answers) while the provider goes
         * on cloning: the voice appears only once {@link #releaseHeldAnswers()} lets it go (at most a minute).
         */
        public static Answer lostWhileMade() {
            return new Answer(Outcome.SERVER_ERROR, Duration.ZERO, false, true);
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

        public static Answer quotaExceeded() {
            return new Answer(Outcome.QUOTA_EXCEEDED, Duration.ZERO);
        }

        public static Answer notAudio() {
            return new Answer(Outcome.NOT_AUDIO, Duration.ZERO);
        }
    }

    /** What an add carried: its fields and, per file part, its file name, content type and size. */
    public record AddedVoice(String voiceId, String name, String description, Map<String, String> labels,
            List<FilePart> files) {
    }

    public record FilePart(String fileName, String contentType, int sizeBytes) {
    }

    /**
     * A text-to-speech request as it arrived: the voice, the query's output format, the body's fields (null when
     * absent), the whole body, and how long the audio answered lasts, decoded (0 when it was not a success).
     */
    /** A text-to-speech call, with when the stub took it up and when its answer was ready (bench P5's baseline). */
    public record SpeechRequest(String voiceId, String outputFormat, String text, String modelId,
            String previousText, String nextText, Map<String, Object> body, int answeredMillis,
            Instant receivedAt, Instant answeredAt) {
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

    /** Lists of the voices are refused with 401 until {@link #listsAnswered()}, as after the key lost a permission. */
    public static void refuseLists() {
        plannedListFailure = ListFailure.REFUSED;
    }

    /** Lists of the voices answer 503 until {@link #listsAnswered()}, as when the provider is overloaded. */
    public static void listsBusy() {
        plannedListFailure = ListFailure.BUSY;
    }

    public static void listsAnswered() {
        plannedListFailure = null;
    }

    /** Lets every held answer go, and those held later too until the next reset. */
    public static void releaseHeldAnswers() {
        heldAnswers.countDown();
    }

    /** A voice that exists at the stub as if an earlier add made it; answers its id. */
    public static String voiceExists(String name) {
        String voiceId = String.format("StubVoice%011d", voiceCounter.incrementAndGet());
        voices.put(voiceId, new AddedVoice(voiceId, name, null, Map.of(), List.of()));
        return voiceId;
    }

    /** The next text-to-speech calls are answered so, in order; once they are used up, they succeed. */
    public static void planSpeech(Answer... answers) {
        plannedSpeech.addAll(List.of(answers));
    }

    /** Every text-to-speech success takes this long (until the next reset), so overlapping calls can be counted. */
    public static void speechLatency(Duration latency) {
        speechLatency = latency;
    }

    /** The per-request character limit {@code GET /v1/models} gives for {@link #MODEL_ID}. */
    public static void modelCharacterLimit(int limit) {
        modelCharacterLimit = limit;
    }

    /**
     * What {@code GET /v1/user/subscription} says of the account's characters this period. Every spoken text
     * counts against them; a text that does not fit is answered 401 {@code quota_exceeded}.
     */
    public static void characters(long used, long limit) {
        characterCount = used;
        characterLimit = limit;
    }

    /** The characters the account has used, spoken texts included. */
    public static long charactersUsed() {
        return characterCount;
    }

    /** {@code GET /v1/user/subscription} answers 200 with this body, whatever it is (until the next reset). */
    public static void subscriptionAnswers(String body) {
        subscriptionBody = body;
    }

    public static List<SpeechRequest> speechRequests() {
        return List.copyOf(speechRequests);
    }

    /** The most text-to-speech calls the stub was answering at one time since the last reset. */
    public static int mostSpeechInFlight() {
        return mostSpeechInFlight.get();
    }

    public static int modelRequests() {
        return modelRequests.get();
    }

    public static int subscriptionRequests() {
        return subscriptionRequests.get();
    }

    public static void reset() {
        heldAnswers.countDown();
        heldAnswers = new CountDownLatch(1);
        plannedSpeech.clear();
        speechRequests.clear();
        mostSpeechInFlight.set(0);
        modelRequests.set(0);
        subscriptionRequests.set(0);
        speechLatency = Duration.ZERO;
        modelCharacterLimit = MODEL_CHARACTER_LIMIT;
        characterCount = 0;
        characterLimit = 100_000;
        subscriptionBody = null;
        plannedListFailure = null;
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
            if (method.equals("POST") && path.startsWith(TTS_PREFIX) && !path.endsWith("/stream")) {
                return speak(request, path.substring(TTS_PREFIX.length()));
            }
            if (method.equals("GET") && path.equals(MODELS)) {
                modelRequests.incrementAndGet();
                return json("GET", MODELS, 200, List.of(model(MODEL_ID, modelCharacterLimit),
                        model("eleven_flash_v2_5", 40_000)));
            }
            if (method.equals("GET") && path.equals(SUBSCRIPTION)) {
                subscriptionRequests.incrementAndGet();
                String body = subscriptionBody;
                return body != null ? raw(200, body) : json("GET", SUBSCRIPTION, 200, subscription());
            }
            if (method.equals("GET") && path.equals(VOICES)) {
                return list();
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

        private static ResponseDefinition list() {
            ListFailure failure = plannedListFailure;
            if (failure == null) {
                List<Map<String, Object>> all = voices.values().stream().map(VoicesApi::voiceModel).toList();
                return json("GET", VOICES, 200, Map.of("voices", all));
            }
            return switch (failure) {
                case REFUSED -> error("GET", VOICES, 401, "missing_permissions",
                        "The API key you used is missing the permission voices_read to execute this operation.");
                case BUSY -> error("GET", VOICES, 503, "service_unavailable",
                        "The service is temporarily unavailable.");
            };
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
                if (answer.voiceOnRelease()) {
                    makeOnRelease(added, answer.held());
                } else if (answer.outcome() == Outcome.SUCCESS || answer.outcome() == Outcome.NEEDS_VERIFICATION) {
                    voices.put(added.voiceId(), added);
                }
                return switch (answer.outcome()) {
                    case SUCCESS -> json("POST", ADD, 200, Map.of("voice_id", added.voiceId(),
                            "requires_verification", false));
                    case NEEDS_VERIFICATION -> json("POST", ADD, 200, Map.of("voice_id", added.voiceId(),
                            "requires_verification", true));
                    case INVALID -> json("POST", ADD, 422, Map.of("detail", List.of(Map.of(
                            "loc", List.of("body", "files"), "msg",
                            "The uploaded audio could not be used for cloning", "type", "value_error"))));
                    case TOO_MANY_CONCURRENT -> error("POST", ADD, 429, "too_many_concurrent_requests",
                            "Too many concurrent requests for your subscription. Please retry later.");
                    case SERVER_ERROR -> error("POST", ADD, 500, "internal_server_error",
                            "An internal error occurred.");
                    case QUOTA_EXCEEDED, NOT_AUDIO -> throw new IllegalStateException(answer.outcome()
                            + " is an answer of text-to-speech, not of an add");
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

        /** Text-to-speech: the request checked against the spec, then the planned answer or real MP3. */
        private ResponseDefinition speak(Request request, String voiceId) {
            Instant received = Instant.now();
            List<String> problems = speechProblems(request);
            if (!problems.isEmpty()) {
                violations.addAll(problems);
                List<Map<String, Object>> detail = problems.stream()
                        .map(p -> Map.<String, Object>of("loc", List.of("body"), "msg", p, "type", "value_error"))
                        .toList();
                return json("POST", TTS, 422, Map.of("detail", detail));
            }
            Map<String, Object> body = readBody(request);
            String format = query(request).getOrDefault("output_format", "mp3_44100_128");
            String text = (String) body.get("text");
            int characters = text.codePointCount(0, text.length());
            // what ElevenLabs checks before speaking is answered first, and leaves the planned answers for later
            Answer answer = !voices.containsKey(voiceId) || characters > modelCharacterLimit ? Answer.success()
                    : plannedSpeech.poll();
            answer = answer == null ? Answer.success() : answer;
            int now = speechInFlight.incrementAndGet();
            mostSpeechInFlight.accumulateAndGet(now, Math::max);
            int millis = 0;
            try {
                if (!voices.containsKey(voiceId)) {
                    return error("POST", TTS, 404, "voice_not_found",
                            "A voice with the voice_id " + voiceId + " was not found.");
                }
                if (characters > modelCharacterLimit) {
                    return error("POST", TTS, 400, "max_character_limit_exceeded", "The text has " + characters
                            + " characters, more than the " + modelCharacterLimit + " a request may have.");
                }
                if (answer.outcome() == Outcome.SUCCESS && !spend(characters)) {
                    answer = Answer.quotaExceeded();
                }
                return switch (answer.outcome()) {
                    case SUCCESS, NEEDS_VERIFICATION -> {
                        if (!format.startsWith("mp3_")) {
                            violations.add("POST " + TTS + ": the stub answers only mp3_* formats, asked " + format);
                            yield error("POST", TTS, 400, "unsupported_format", "The stub speaks only MP3.");
                        }
                        String[] parts = format.split("_");
                        byte[] mp3 = Mp3Fixtures.speechLike(text.length() * MILLIS_PER_CHARACTER,
                                Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
                        millis = (int) Mp3Fixtures.decode(mp3).durationMs();
                        sleep(speechLatency);
                        yield ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                                .withHeader("Content-Type", "audio/mpeg")
                                .withHeader("request-id", "StubRequest" + voiceCounter.incrementAndGet())
                                .withBody(mp3).build();
                    }
                    case INVALID -> json("POST", TTS, 422, Map.of("detail", List.of(Map.of(
                            "loc", List.of("body", "text"), "msg",
                            "The text could not be spoken by the model", "type", "value_error"))));
                    case TOO_MANY_CONCURRENT -> error("POST", TTS, 429, "too_many_concurrent_requests",
                            "Too many concurrent requests for your subscription. Please retry later.");
                    case SERVER_ERROR -> error("POST", TTS, 500, "internal_server_error",
                            "An internal error occurred.");
                    case QUOTA_EXCEEDED -> error("POST", TTS, 401, "quota_exceeded", "This request exceeds your "
                            + "quota. You have " + Math.max(0, characterLimit - characterCount)
                            + " credits remaining, while " + characters + " credits are required for this request.");
                    case NOT_AUDIO -> ResponseDefinitionBuilder.responseDefinition().withStatus(200)
                            .withHeader("Content-Type", "text/html; charset=utf-8")
                            .withBody("<html><body>Sign in to the network</body></html>").build();
                };
            } finally {
                sleep(answer.delay());
                speechRequests.add(new SpeechRequest(voiceId, format, text, (String) body.get("model_id"),
                        (String) body.get("previous_text"), (String) body.get("next_text"), body, millis, received,
                        Instant.now()));
                speechInFlight.decrementAndGet();
            }
        }

        /** Counts the characters against the account, if they fit in what is left. */
        private static synchronized boolean spend(int characters) {
            if (characterCount + characters > characterLimit) {
                return false;
            }
            characterCount += characters;
            return true;
        }

        private static List<String> speechProblems(Request request) {
            List<String> problems = new ArrayList<>();
            String contentType = request.getHeader("Content-Type");
            if (contentType == null || !contentType.startsWith("application/json")) {
                problems.add("POST " + TTS + ": body must be application/json, was " + contentType);
            }
            Map<String, String> query = query(request);
            SPEC.queryViolations("POST", TTS, query).forEach(v -> problems.add("POST " + TTS + " query: " + v));
            for (String header : SPEC.headerParameters("POST", TTS)) {
                if (!header.equals("xi-api-key") && request.containsHeader(header)) {
                    problems.add("POST " + TTS + ": header " + header + " is not one the service means to send");
                }
            }
            String body = request.getBodyAsString();
            SPEC.requestViolations("POST", TTS, body).forEach(v -> problems.add("POST " + TTS + " body: " + v));
            if (problems.isEmpty() && !(readBody(request).get("text") instanceof String)) {
                problems.add("POST " + TTS + ": body has no text");
            }
            return problems;
        }

        private static Map<String, String> query(Request request) {
            Map<String, String> query = new LinkedHashMap<>();
            String url = request.getUrl();
            int mark = url.indexOf('?');
            if (mark < 0) {
                return query;
            }
            for (String pair : url.substring(mark + 1).split("&")) {
                int equals = pair.indexOf('=');
                String name = equals < 0 ? pair : pair.substring(0, equals);
                String value = equals < 0 ? "" : pair.substring(equals + 1);
                if (query.put(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8)) != null) {
                    violations.add("POST " + TTS + ": query parameter " + name + " sent twice");
                }
            }
            return query;
        }

        private static Map<String, Object> readBody(Request request) {
            try {
                return JSON.readValue(request.getBodyAsString(), new TypeReference<Map<String, Object>>() {
                });
            } catch (Exception e) {
                return Map.of();
            }
        }

        /** ModelResponseModel with every field the spec requires. */
        private static Map<String, Object> model(String modelId, int characterLimit) {
            Map<String, Object> model = new LinkedHashMap<>();
            model.put("model_id", modelId);
            model.put("name", modelId);
            model.put("can_be_finetuned", false);
            model.put("can_do_text_to_speech", true);
            model.put("can_do_voice_conversion", false);
            model.put("can_use_style", true);
            model.put("can_use_speaker_boost", true);
            model.put("serves_pro_voices", false);
            model.put("token_cost_factor", 1.0);
            model.put("description", "stub model " + modelId);
            model.put("requires_alpha_access", false);
            model.put("max_characters_request_free_user", Math.min(characterLimit, 2_500));
            model.put("max_characters_request_subscribed_user", characterLimit);
            model.put("maximum_text_length_per_request", characterLimit);
            model.put("languages", List.of(Map.of("language_id", "en", "name", "English")));
            model.put("model_rates", Map.of("character_cost_multiplier", 1.0));
            model.put("concurrency_group", "standard");
            return model;
        }

        /** ExtendedSubscriptionResponseModel with every field the spec requires, on a paid tier. */
        private static Map<String, Object> subscription() {
            Map<String, Object> subscription = new LinkedHashMap<>();
            subscription.put("tier", "creator");
            subscription.put("character_count", characterCount);
            subscription.put("character_limit", characterLimit);
            subscription.put("max_character_limit_extension", null);
            subscription.put("can_extend_character_limit", false);
            subscription.put("allowed_to_extend_character_limit", false);
            subscription.put("next_character_count_reset_unix", 1_800_000_000L);
            subscription.put("voice_slots_used", voices.size());
            subscription.put("professional_voice_slots_used", 0);
            subscription.put("voice_limit", 30);
            subscription.put("voice_add_edit_counter", 0);
            subscription.put("professional_voice_limit", 1);
            subscription.put("can_extend_voice_limit", false);
            subscription.put("can_use_instant_voice_cloning", true);
            subscription.put("can_use_professional_voice_cloning", true);
            subscription.put("status", "active");
            subscription.put("has_open_invoices", false);
            return subscription;
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

        /**
         * The voice appears once the held answers are let go. A held answer waits for it here, so the voice exists
         * when the answer comes; any other answer goes meanwhile.
         */
        private static void makeOnRelease(AddedVoice added, boolean answerHeld) {
            if (answerHeld) {
                awaitRelease();
                voices.put(added.voiceId(), added);
                return;
            }
            CountDownLatch release = heldAnswers;
            Thread making = new Thread(() -> {
                try {
                    if (release.await(1, TimeUnit.MINUTES)) {
                        voices.put(added.voiceId(), added);
                    } else {
                        violations.add("a voice made on release was never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "elevenlabs-stub-late-voice");
            making.setDaemon(true);
            making.start();
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
