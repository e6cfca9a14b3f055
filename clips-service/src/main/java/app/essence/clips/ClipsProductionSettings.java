package app.essence.clips;

import app.essence.common.config.ProductionSetting;
import app.essence.common.config.ProductionSettings;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * What clips-service adds to the settings checked under the prod profile: its storage, its voice provider and
 * profiles-service's address.
 */
@Dependent
public class ClipsProductionSettings {
    /** The local engine's key, as application.properties ships it for local runs. */
    static final String LOCAL_ENGINE_KEY = "local-engine-key";

    @Produces
    static final ProductionSetting STORAGE = ProductionSettings.STORAGE;

    @Produces
    static final ProductionSetting PROFILES_URL = ProductionSettings.PROFILES_URL;

    @Produces
    static final ProductionSetting PROVIDER_CHOSEN = ProductionSetting.required("essence.voice.provider",
            "name the voice provider, elevenlabs or local");

    @Produces
    static final ProductionSetting LOCAL_ENGINE_KEY_CHANGED = ProductionSetting.notLocalDefault(
            "essence.voice.local.api-key", LOCAL_ENGINE_KEY, "give the local voice engine a key of its own")
            .onlyWhen("essence.voice.provider", "local", "local");
}
