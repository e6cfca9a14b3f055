package app.essence.messages;

import app.essence.common.config.ProductionSetting;
import app.essence.common.config.ProductionSettings;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * What messages-service adds to the settings checked under the prod profile: the storage of its audio and the voice
 * provider that speaks it.
 */
@Dependent
public class MessagesProductionSettings {
    @Produces
    static final ProductionSetting STORAGE = ProductionSettings.STORAGE;

    @Produces
    static final ProductionSetting PROVIDER_CHOSEN = ProductionSetting.required("essence.voice.provider",
            "name the voice provider, elevenlabs or local");
}
