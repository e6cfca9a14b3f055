package app.essence.messages.writing;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.WebApplicationException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * Calls the chat endpoint. 429 and 5xx answers and no answer at all (a timeout, a refused connection) are retried
 * with backoff (SmallRye Fault Tolerance); any other answer is final. Override the retries with
 * {@code app.essence.messages.writing.ChatCompletions/complete/Retry/*}.
 */
@ApplicationScoped
public class ChatCompletions {
    private final ChatCompletionsClient client;
    private final WriterConfig.OpenAi config;

    public ChatCompletions(@RestClient ChatCompletionsClient client, WriterConfig config) {
        this.client = client;
        this.config = config.openai();
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
            completion = client.complete(config.apiKey().map(key -> "Bearer " + key).orElse(null), request);
        } catch (WebApplicationException e) {
            int status = e.getResponse().getStatus();
            if (status == 429 || status >= 500) {
                throw new Unavailable("answered " + status);
            }
            throw new Refused("answered " + status);
        } catch (ProcessingException e) {
            throw new Unavailable("no answer: " + e.getMessage());
        }
        if (completion == null || completion.choices() == null || completion.choices().isEmpty()
                || completion.choices().get(0).message() == null) {
            throw new Refused("answered no text");
        }
        return completion.choices().get(0).message().content();
    }

    /** The endpoint is busy or away: worth another try. */
    public static final class Unavailable extends RuntimeException {
        Unavailable(String message) {
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
