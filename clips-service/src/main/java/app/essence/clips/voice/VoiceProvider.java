package app.essence.clips.voice;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.runtime.Startup;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.net.URI;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;
import org.jboss.resteasy.reactive.client.api.QuarkusRestClientProperties;
import org.jboss.resteasy.reactive.client.impl.multipart.PausableHttpPostRequestEncoder;

/**
 * The voice provider's voices (ElevenLabs, or the local engine that speaks its API). Blocking: call it from a
 * worker thread. A 429, a 5xx or a call that does not get through is retried with exponential backoff; at most
 * {@link #MAX_CALLS_IN_FLIGHT} calls of each kind are in flight, a caller beyond them backs off and tries again.
 * Override with {@code app.essence.clips.voice.VoiceProvider/<method>/Retry/...} (and {@code /Bulkhead/value}).
 */
@ApplicationScoped
@Startup // a provider misconfigured stops the service at start, not the first training
public class VoiceProvider {
    public static final int MAX_CALLS_IN_FLIGHT = 2;
    private static final Logger LOG = Logger.getLogger(VoiceProvider.class);

    private final ElevenLabsApi api;
    private final VoiceProviderSettings.Resolved endpoint;
    private final ObjectMapper json;

    public VoiceProvider(VoiceProviderSettings settings, ObjectMapper json) {
        this.json = json;
        this.endpoint = settings.resolved();
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
     * Creates an instant voice clone from the recordings and answers its voice id. A retry, or a request an earlier
     * run may have sent, first looks for the voice by its identity label: a call whose answer was lost may have
     * made it, and a second one would be an orphan.
     */
    @Retry(maxRetries = 5, delay = 2, delayUnit = ChronoUnit.SECONDS,
            retryOn = { VoiceProviderException.Busy.class, ProcessingException.class, BulkheadException.class })
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    @Bulkhead(MAX_CALLS_IN_FLIGHT)
    public String addVoice(VoiceRequest request, CallObserver observer) {
        int call = observer.calling();
        try {
            if (call > 1 || request.mayExistAlready()) {
                List<String> made = labelled(request.identityLabel(), request.identity());
                if (!made.isEmpty()) {
                    LOG.infof("voice %s was made by an earlier call; using it", made.get(0));
                    return made.get(0);
                }
            }
            return api.add(endpoint.apiKey(), form(request)).voiceId();
        } catch (VoiceProviderException e) {
            observer.failed(e.describe());
            throw e;
        } catch (ProcessingException e) {
            observer.failed("no answer: " + e.getMessage());
            throw e;
        }
    }

    /** The voices carrying this label (those a request with this identity made). */
    @Retry(maxRetries = 5, delay = 2, delayUnit = ChronoUnit.SECONDS,
            retryOn = { VoiceProviderException.Busy.class, ProcessingException.class, BulkheadException.class })
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    @Bulkhead(MAX_CALLS_IN_FLIGHT)
    public List<String> voicesLabelled(String label, String value) {
        return labelled(label, value);
    }

    private List<String> labelled(String label, String value) {
        return api.list(endpoint.apiKey()).voices().stream()
                .filter(voice -> voice.labels() != null && value.equals(voice.labels().get(label)))
                .map(ElevenLabsApi.Voice::voiceId)
                .toList();
    }

    /** Deletes a voice; one that is already gone counts as deleted. */
    @Retry(maxRetries = 3, delay = 1, delayUnit = ChronoUnit.SECONDS,
            retryOn = { VoiceProviderException.Busy.class, ProcessingException.class, BulkheadException.class })
    @ExponentialBackoff(maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
    @Bulkhead(MAX_CALLS_IN_FLIGHT)
    public void deleteVoice(String voiceId) {
        try {
            api.delete(endpoint.apiKey(), voiceId);
        } catch (VoiceProviderException.Refused e) {
            if (e.status() != 404) {
                throw e;
            }
            LOG.debugf("voice %s was already deleted at the provider", voiceId);
        }
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
}
