package app.essence.common.voice;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * Which voice provider the service talks to (docs/design.md §7). Both speak the ElevenLabs API; only the base URL and the
 * key differ. With no provider named, ElevenLabs is used when its key is set, else the local engine. Shared by the
 * services that call the provider (clips-service clones voices, messages-service speaks), so the keys mean the same
 * everywhere; nothing here is required, so a service that never calls the provider starts without them.
 */
@ConfigMapping(prefix = "essence.voice")
public interface VoiceProviderSettings {
    /** {@code elevenlabs} or {@code local}; unset means "ElevenLabs if its key is set". */
    Optional<String> provider();

    Endpoint elevenlabs();

    Endpoint local();

    @WithDefault("2s")
    Duration connectTimeout();

    /**
     * Instant cloning of 25 clips, or speaking a long text, takes seconds. An idle timeout: it restarts with every
     * byte received, so it does not bound a whole call (messages-service bounds its speech calls itself).
     */
    @WithDefault("120s")
    Duration readTimeout();

    interface Endpoint {
        /** Unset: ElevenLabs' public API, or the local engine's default address. */
        Optional<String> url();

        Optional<String> apiKey();
    }

    /** The provider in use: its name, base URL and key. */
    default Resolved resolved() {
        String name = provider().orElse(elevenlabs().apiKey().isPresent() ? "elevenlabs" : "local");
        Endpoint endpoint = switch (name) {
            case "elevenlabs" -> elevenlabs();
            case "local" -> local();
            default -> throw new IllegalArgumentException(
                    "essence.voice.provider must be elevenlabs or local, not " + name);
        };
        String key = endpoint.apiKey().orElseThrow(() -> new IllegalArgumentException(
                "essence.voice." + name + ".api-key is not set"));
        String url = endpoint.url().orElse(name.equals("elevenlabs") ? "https://api.elevenlabs.io"
                : "http://127.0.0.1:8090");
        return new Resolved(name, url, key);
    }

    record Resolved(String name, String url, String apiKey) {
    }
}
