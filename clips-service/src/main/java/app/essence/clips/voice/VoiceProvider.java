package app.essence.clips.voice;

import app.essence.common.metrics.ProviderCallMeter;
import app.essence.common.voice.ProviderErrorMapper;
import app.essence.common.voice.RetryableProviderFailure;
import app.essence.common.voice.VoiceProviderException;
import app.essence.common.voice.VoiceProviderSettings;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;
import org.jboss.resteasy.reactive.client.impl.multipart.PausableHttpPostRequestEncoder;

/**
 * The voice provider's voices (ElevenLabs, or the local engine that speaks its API). Blocking: call it from a
 * worker thread. Every call waits for its turn in {@link ProviderCalls}. Listing and deleting voices retry a 429, a
 * 5xx or a call that got no answer with exponential backoff, within a total time (override with
 * {@code app.essence.clips.voice.VoiceProvider/<method>/Retry/...}); making a voice is one call in a turn the caller
 * holds, as a training renews its lease in the turn before it calls, and retries itself
 * ({@code training.TrainingCalls}).
 */
@ApplicationScoped
@Startup // a misconfigured provider stops the service at start, not at the first training
public class VoiceProvider {
    /** What ElevenLabs answers for a voice that does not exist (404, or 400 with one of these codes). */
    private static final Set<String> NO_SUCH_VOICE = Set.of("voice_not_found", "voice_does_not_exist");
    private static final Logger LOG = Logger.getLogger(VoiceProvider.class);
    /** The calls' names in essence_provider_calls_seconds (docs/deploy.md, "Metrics"). */
    static final String ADD_VOICE = "add_voice";
    static final String LIST_VOICES = "list_voices";
    static final String DELETE_VOICE = "delete_voice";

    private final ElevenLabsApi api;
    private final ProviderCalls calls;
    private final VoiceProviderSettings.Resolved endpoint;
    private final ObjectMapper json;
    private final ProviderCallMeter meter;

    public VoiceProvider(VoiceProviderSettings settings, ProviderCalls calls, ObjectMapper json,
            ProviderCallMeter meter) {
        this.calls = calls;
        this.json = json;
        this.meter = meter;
        this.endpoint = settings.resolved();
        meter.register(endpoint.name(), ADD_VOICE, LIST_VOICES, DELETE_VOICE);
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(endpoint.url()))
                .connectTimeout(settings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(settings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(new ProviderErrorMapper())
                // One part per file, all named "files", as a browser sends them: never nested multipart/mixed.
                .property(QuarkusRestClientProperties.MULTIPART_ENCODER_MODE,
                        PausableHttpPostRequestEncoder.EncoderMode.HTML5)
                .build(ElevenLabsApi.class);
        LOG.infof("voice provider: %s at %s", endpoint.name(), endpoint.url());
    }

    /** {@code elevenlabs} or {@code local}. */
    public String name() {
        return endpoint.name();
    }

    /**
     * Runs the work once its turn among the provider calls has come ({@link ProviderCalls}), blocking until it is
     * done; its own exception comes back as it was thrown. When the turn has come, the caller decides whether its
     * call may still go (a training checks that it still holds its lease) and makes it with the turn it is given,
     * which is valid only until the work returns.
     */
    public <T> T inTurn(Function<Turn, T> work) {
        try {
            return calls.limited(() -> {
                Turn turn = new Turn();
                try {
                    return work.apply(turn);
                } finally {
                    turn.held = false;
                }
            }).toCompletableFuture().join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * Creates an instant voice clone from the recordings and answers its voice id: one call, no retry (the caller
     * retries, and looks for a voice an earlier call may have made first, {@link #voicesLabelled(Turn, String,
     * String)}). A voice the provider holds back for verification is refused.
     */
    public String addVoice(Turn turn, VoiceRequest request) {
        Turn.check(turn);
        ElevenLabsApi.AddedVoice added = meter.timedSupplier(endpoint.name(), ADD_VOICE,
                () -> api.add(endpoint.apiKey(), form(request)));
        if (added.voiceId() == null || added.voiceId().isBlank()) {
            throw new VoiceProviderException.Refused(200, "no_voice_id", "the answer carried no voice id");
        }
        if (added.requiresVerification()) {
            throw new VoiceProviderException.Refused(200, "requires_verification",
                    "voice " + added.voiceId() + " must be verified at the provider before it can be used");
        }
        return added.voiceId();
    }

    /** The voices carrying this label, in a turn the caller holds: one call, no retry. */
    public List<String> voicesLabelled(Turn turn, String label, String value) {
        Turn.check(turn);
        return labelled(label, value);
    }

    /** The voices carrying this label (those a request with this identity made). */
    @Retry(maxRetries = 5, delay = 2, delayUnit = ChronoUnit.SECONDS, maxDuration = 5,
            durationUnit = ChronoUnit.MINUTES)
    @RetryWhen(exception = RetryableProviderFailure.class)
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    public List<String> voicesLabelled(String label, String value) {
        return voicesLabelledOnce(label, value);
    }

    /** As {@link #voicesLabelled(String, String)} in one call, without retries: for a caller that must not wait. */
    public List<String> voicesLabelledOnce(String label, String value) {
        return limited(() -> labelled(label, value));
    }

    /** Deletes a voice; one that is already gone counts as deleted. */
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS, maxDuration = 5,
            durationUnit = ChronoUnit.MINUTES)
    @RetryWhen(exception = RetryableProviderFailure.class)
    @ExponentialBackoff(maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
    public void deleteVoice(String voiceId) {
        try {
            limited(() -> meter.timedSupplier(endpoint.name(), DELETE_VOICE,
                    () -> api.delete(endpoint.apiKey(), voiceId)));
        } catch (VoiceProviderException.Refused e) {
            if (e.status() != 404 && !NO_SUCH_VOICE.contains(e.code())) {
                throw e;
            }
            LOG.debugf("voice %s was already deleted at the provider", voiceId);
        }
    }

    private List<String> labelled(String label, String value) {
        return meter.timedSupplier(endpoint.name(), LIST_VOICES, () -> api.list(endpoint.apiKey())).voices().stream()
                .filter(voice -> voice.labels() != null && value.equals(voice.labels().get(label)))
                .map(ElevenLabsApi.Voice::voiceId)
                .toList();
    }

    /** Runs a call in its turn. */
    private <T> T limited(Supplier<T> call) {
        return inTurn(turn -> call.get());
    }

    private ClientMultipartForm form(VoiceRequest request) {
        ClientMultipartForm form = ClientMultipartForm.create()
                .attribute("name", request.name(), null)
                .attribute("description", request.description(), null)
                .attribute("labels", labels(request), null);
        for (VoiceRequest.Sample sample : request.samples()) {
            form.binaryFileUpload("files", sample.fileName(), sample.file().toString(), sample.mimeType());
        }
        return form;
    }

    private String labels(VoiceRequest request) {
        try {
            return json.writeValueAsString(request.labels());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("voice labels cannot be written as JSON", e);
        }
    }

    /**
     * Proof that a call runs in its turn: only {@link #inTurn} hands one out, and it holds only while that work runs,
     * so a missing or kept turn cannot call the provider outside the limit.
     */
    public static final class Turn {
        private volatile boolean held = true;

        private Turn() {
        }

        private static void check(Turn turn) {
            if (turn == null || !turn.held) {
                throw new IllegalStateException("a voice provider call needs the turn its inTurn work was given, "
                        + "while that work runs");
            }
        }
    }
}
