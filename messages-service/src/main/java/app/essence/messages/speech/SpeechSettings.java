package app.essence.messages.speech;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How messages are spoken. The provider, its base URL, key and HTTP timeouts are the shared {@code essence.voice.*}
 * settings (common-clients {@code VoiceProviderSettings}); these are the speech request's own.
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

    /**
     * How long the account's answer ({@code GET /v1/user/subscription}, its characters left) is trusted, so that not
     * every message waits for it; {@code 0} asks at every message.
     */
    @WithDefault("5s")
    Duration accountCacheFor();

    /** The per-request limit used when the provider lists the model without one. */
    @WithDefault("2500")
    int fallbackCharacterLimit();

    /**
     * The most characters one message may have spoken. Its audio is held in memory while the pieces are joined
     * (docs/speech.md "Memory"); the message API refuses longer texts with the same figure (docs/messages.md).
     */
    @WithDefault("5000")
    int maxCharacters();

    /** One whole speak, budget check to joined file; it gives up past this (below the synthesis run's timeout). */
    @WithDefault("9m")
    Duration deadline();

    /** One text-to-speech call, start to last byte: {@code base} plus {@code per-character} for each character. */
    CallTimeout callTimeout();

    /**
     * After a call is abandoned (its time ran out), its turn in the cap is held this long still: the provider may
     * go on generating it and counts it against the account's concurrency meanwhile.
     */
    @WithDefault("30s")
    Duration abandonedCallHold();

    /**
     * The most audio a call may answer: its characters times this many seconds of speech, at the format's bitrate,
     * plus {@code margin-bytes}. Generous: speech runs at about 0.07 s a character.
     */
    @WithDefault("0.5")
    double maxSecondsPerCharacter();

    @WithDefault("65536")
    int audioMarginBytes();

    interface CallTimeout {
        @WithDefault("30s")
        Duration base();

        @WithDefault("20ms")
        Duration perCharacter();
    }

    /**
     * ElevenLabs' voice_settings, sent with every request (VoiceSettingsResponseModel): stability, similarity boost
     * and style 0–1, speed 0.7–1.2 (checked at start).
     */
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
