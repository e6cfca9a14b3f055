package app.essence.billing;

import app.essence.common.config.ProductionSetting;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;

/** What billing-service adds to the settings checked under the prod profile: Stripe must be fully configured. */
@Dependent
public class BillingProductionSettings {
    @Produces
    static final ProductionSetting API_KEY = ProductionSetting.required("essence.billing.stripe.api-key",
            "plans could not be bought");
    @Produces
    static final ProductionSetting WEBHOOK_SECRET = ProductionSetting.required(
            "essence.billing.stripe.webhook-secret", "no Stripe event could be verified");
    @Produces
    static final ProductionSetting ESSENTIAL_PRICE = ProductionSetting.required("essence.billing.prices.essential",
            "the essential plan could not be sold nor recognised");
    @Produces
    static final ProductionSetting FAMILY_ARCHIVE_PRICE = ProductionSetting.required(
            "essence.billing.prices.family-archive", "the family archive plan could not be sold nor recognised");
}
