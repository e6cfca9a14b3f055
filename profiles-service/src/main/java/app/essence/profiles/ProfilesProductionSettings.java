package app.essence.profiles;

import app.essence.common.config.ProductionSetting;
import app.essence.common.config.ProductionSettings;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** What profiles-service adds to the settings checked under the prod profile: the storage of its avatars. */
@Dependent
public class ProfilesProductionSettings {
    @Produces
    static final ProductionSetting STORAGE = ProductionSettings.STORAGE;
}
