package app.essence.messages.speech;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How messages are spoken. The provider, its base URL, key and HTTP timeouts are the shared {@code essence.voice.*}
 * settings (common-lib {@code VoiceProviderSettings}); these are the speech request's own.
 */
@ConfigMapping(prefix = "essence.speech")
public interface SpeechSettings {
    /** Unset: {@code eleven_multilingual_v2} at ElevenLabs, the engine's own model locally. */
    Optional<String> modelId();

    /** An {@code mp3_<rate>_<kbit/s>} format of the ElevenLabs API; the joined file keeps its rate and bitrate. */
    @WithDefault("mp3_44100_128")
    String outputFormat();

    VoiceSettings voiceSettings();

    /**
     * Provider calls in flight at once from this instance; more wait in a queue. ElevenLabs allows per account
     * Free 2, Starter 3, Creator 5, Pro 10, Scale/Business 15 (clips-service's cloning counts too).
     */
    @WithDefault("2")
    int maxInFlight();

    /** Calls that may wait for a turn; beyond that a call waits out a retry's backoff and asks again. */
    @WithDefault("1000")
    int maxWaiting();

    Retry retry();

    /** How long the provider's models (and their per-request character limits) are trusted. */
    @WithDefault("1h")
    Duration modelsCacheFor();

    /** ElevenLabs' voice_settings, sent with every request (VoiceSettingsResponseModel). */
    interface VoiceSettings {
        @WithDefault("0.5")
        double stability();

        @WithDefault("0.75")
        double similarityBoost();

        @WithDefault("0")
        double style();

        @WithDefault("true")
        boolean useSpeakerBoost();

        @WithDefault("1.0")
        double speed();
    }

    /** 429 {@code too_many_concurrent_requests}, 5xx and calls without an answer are retried so. */
    interface Retry {
        @WithDefault("6")
        int maxRetries();

        /** The first pause; each next one doubles, up to {@link #maxDelay()}. */
        @WithDefault("1s")
        Duration firstDelay();

        @WithDefault("30s")
        Duration maxDelay();

        /** No retry starts after this long since the first call. */
        @WithDefault("10m")
        Duration maxDuration();
    }
}
