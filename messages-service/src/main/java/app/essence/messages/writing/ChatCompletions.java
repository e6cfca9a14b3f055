package app.essence.messages.writing;

import app.essence.common.metrics.ProviderCallMeter;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletionException;
import org.eclipse.microprofile.faulttolerance.Retry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls the chat endpoint. 429 and 5xx answers and no answer at all (a timeout, a refused connection) are retried
 * with backoff (SmallRye Fault Tolerance); any other answer is final, and only a complete answer
 * ({@code finish_reason} {@code stop}) is used. Override the retries with
 * {@code app.essence.messages.writing.ChatCompletions/complete/Retry/*}.
 */
@ApplicationScoped
@Startup // its calls' series show on /q/metrics from the start
public class ChatCompletions {
    private final ChatCompletionsClient client;
    /** The provider and call names in essence_provider_calls_seconds (docs/deploy.md, "Metrics"). */
    static final String PROVIDER = "chat";
    static final String COMPLETE = "complete";

    private final WriterConfig.OpenAi config;
    private final ProviderCallMeter meter;

    public ChatCompletions(@RestClient ChatCompletionsClient client, WriterConfig config, ProviderCallMeter meter) {
        this.client = client;
        this.config = config.openai();
        this.meter = meter;
        if (config.kind().filter("openai"::equals).isPresent()) {
            meter.register(PROVIDER, COMPLETE);
        }
    }

    @Retry(maxRetries = 3, delay = 500, jitter = 100, maxDuration = 30, durationUnit = ChronoUnit.SECONDS,
            retryOn = Unavailable.class)
    @ExponentialBackoff(maxDelay = 4000)
    public String complete(String system, String user) {
        ChatCompletionsClient.Request request = new ChatCompletionsClient.Request(config.model(),
                List.of(new ChatCompletionsClient.Message("system", system),
                        new ChatCompletionsClient.Message("user", user)),
                config.temperature(), 600);
        ChatCompletionsClient.Completion completion;
        try {
            completion = meter.timedSupplier(PROVIDER, COMPLETE,
                    () -> client.complete(config.apiKey().map(key -> "Bearer " + key).orElse(null), request));
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 429 || status >= 500) {
                throw new Unavailable("answered " + status);
            }
            if (status == 400 || status == 401 || status == 403 || status == 404) {
                throw new Misconfigured("answered " + status);
            }
            throw new Refused("answered " + status);
        } catch (ProcessingException | CompletionException e) {
            if (interrupted(e)) {
                // The caller's time is up (BoundedChat's @Timeout): no retry may start after it.
                Thread.currentThread().interrupt();
                throw new Interrupted();
            }
            throw new Unavailable("no answer: " + e.getMessage());
        }
        if (completion == null || completion.choices() == null || completion.choices().isEmpty()
                || completion.choices().get(0).message() == null) {
            throw new Refused("answered no text");
        }
        String finish = completion.choices().get(0).finishReason();
        if (!"stop".equals(finish)) {
            // "length": cut off at the token limit; "content_filter": withheld. Neither is a whole message.
            throw new Refused("finished with " + finish);
        }
        return completion.choices().get(0).message().content();
    }

    private static boolean interrupted(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InterruptedException) {
                return true;
            }
        }
        return Thread.currentThread().isInterrupted();
    }

    /** The call was interrupted because its caller stopped waiting: not worth another try. */
    public static final class Interrupted extends RuntimeException {
        Interrupted() {
            super("interrupted while waiting for the answer");
        }
    }

    /** The endpoint is busy or away: worth another try. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * The endpoint rejects how we call it (a wrong key, model or URL, or a request it cannot read): our configuration
     * is wrong, and no message can be written until it is fixed.
     */
    public static final class Misconfigured extends RuntimeException {
        Misconfigured(String message) {
            super(message);
        }
    }

    /** The endpoint refused or answered nothing usable: another try would not help. */
    public static final class Refused extends RuntimeException {
        Refused(String message) {
            super(message);
        }
    }
}
