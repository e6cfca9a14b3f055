package app.essence.messages;

import app.essence.common.config.ProductionSetting;
import app.essence.common.config.ProductionSettings;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** What messages-service adds to the settings checked under the prod profile: the storage of its audio. */
@Dependent
public class MessagesProductionSettings {
    @Produces
    static final ProductionSetting STORAGE_ROOT = ProductionSettings.STORAGE_ROOT;
}
