package app.essence.messages.writing;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Which writer writes a message's text, under {@code essence.messages.writer}. */
@ConfigMapping(prefix = "essence.messages.writer")
public interface WriterConfig {
    /** The writer when {@link #kind} is unset: offline, fine locally; under prod the kind must be set on purpose. */
    String TEMPLATE = "template";

    /**
     * {@code template} (offline) or {@code openai} (an OpenAI-compatible chat-completions endpoint); unset is
     * {@link #TEMPLATE}, left without a default here so the prod check sees whether it was chosen.
     */
    Optional<String> kind();

    OpenAi openai();

    /** The chat-completions endpoint; its timeouts are {@code quarkus.rest-client.chat-completions.*}. */
    interface OpenAi {
        /** The API's base URL, up to and including {@code /v1}. */
        String baseUrl();

        /** The chat model. */
        @WithDefault("gpt-4o-mini")
        String model();

        /** The API key, sent as a bearer token; unset for an endpoint that needs none. */
        Optional<String> apiKey();

        /** Low, so the text stays close to the user's words. */
        @WithDefault("0.3")
        double temperature();
    }
}
