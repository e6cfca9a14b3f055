package app.essence.messages;

import app.essence.common.config.ProductionSetting;
import app.essence.common.config.ProductionSettings;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/**
 * What messages-service adds to the settings checked under the prod profile: the storage of its audio, the voice
 * provider that speaks it, profiles-service's address and the writer of its text, chosen on purpose (the template
 * writer is the offline default) and with its key when it is OpenAI's.
 */
@Dependent
public class MessagesProductionSettings {
    @Produces
    static final ProductionSetting STORAGE = ProductionSettings.STORAGE;

    @Produces
    static final ProductionSetting PROVIDER_CHOSEN = ProductionSetting.required("essence.voice.provider",
            "name the voice provider, elevenlabs or local");

    @Produces
    static final ProductionSetting PROFILES_URL = ProductionSettings.PROFILES_URL;

    @Produces
    static final ProductionSetting WRITER_CHOSEN = ProductionSetting.required("essence.messages.writer.kind",
            "name the writer of messages' text, openai or template");

    @Produces
    static final ProductionSetting OPENAI_KEY = ProductionSetting.required("essence.messages.writer.openai.api-key",
            "the OpenAI writer needs its key").onlyWhen("essence.messages.writer.kind", "openai", "template");
}
