package app.essence.clips;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.common.config.ProductionSetting;
import app.essence.common.config.ProductionSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The voice provider's local defaults stop clips-service under prod; a plain test over a config built here. */
class ClipsProductionSettingsTests {
    private static final List<ProductionSetting> CLIPS = List.of(ClipsProductionSettings.STORAGE,
            ClipsProductionSettings.PROVIDER_CHOSEN, ClipsProductionSettings.LOCAL_ENGINE_KEY_CHANGED);
    private static final Map<String, String> FIT = Map.of(
            "quarkus.datasource.password", "s3cret",
            "quarkus.datasource.username", "essence_app",
            "quarkus.flyway.username", "essence_owner",
            "essence.auth.jwks-url", "https://project.supabase.co/auth/v1/.well-known/jwks.json",
            "essence.storage.type", "s3",
            "essence.storage.s3.endpoint", "https://project.supabase.co/storage/v1/s3",
            "essence.storage.s3.access-key-id", "key-id",
            "essence.storage.s3.secret-access-key", "key-secret",
            "essence.voice.provider", "elevenlabs",
            // as application.properties ships it: unused while ElevenLabs is the provider
            "essence.voice.local.api-key", ClipsProductionSettings.LOCAL_ENGINE_KEY);

    @Test
    void aProviderNotChosenExplicitlyIsRefused() {
        Map<String, String> values = new HashMap<>(FIT);
        values.remove("essence.voice.provider");
        assertEquals(List.of("essence.voice.provider (ESSENCE_VOICE_PROVIDER) is not set: name the voice provider, "
                + "elevenlabs or local", "essence.voice.local.api-key (ESSENCE_VOICE_LOCAL_API_KEY) is the local "
                + "default 'local-engine-key': give the local voice engine a key of its own"), problems(values));
    }

    @Test
    void theLocalEngineNeedsAKeyOfItsOwn() {
        Map<String, String> values = new HashMap<>(FIT);
        values.put("essence.voice.provider", "local");
        assertEquals(1, problems(values).size(), problems(values).toString());
        values.put("essence.voice.local.api-key", "a-key-of-its-own");
        assertEquals(List.of(), problems(values));
    }

    @Test
    void elevenLabsChosenExplicitlyPasses() {
        assertEquals(List.of(), problems(FIT));
    }

    private static List<String> problems(Map<String, String> values) {
        return ProductionSettings.problems(new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(values, "test", 100)).build(), CLIPS);
    }
}
