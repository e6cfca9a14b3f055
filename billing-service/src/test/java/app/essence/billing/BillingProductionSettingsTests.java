package app.essence.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.common.config.ProductionSetting;
import app.essence.common.config.ProductionSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Under prod billing-service starts only with Stripe fully configured; a plain test over a config built here. */
class BillingProductionSettingsTests {
    private static final List<ProductionSetting> BILLING = List.of(BillingProductionSettings.API_KEY,
            BillingProductionSettings.WEBHOOK_SECRET, BillingProductionSettings.ESSENTIAL_PRICE,
            BillingProductionSettings.FAMILY_ARCHIVE_PRICE);
    private static final Map<String, String> FIT = Map.of(
            "quarkus.datasource.password", "s3cret",
            "essence.auth.jwks-url", "https://project.supabase.co/auth/v1/.well-known/jwks.json",
            "essence.billing.stripe.api-key", "sk_live_x",
            "essence.billing.stripe.webhook-secret", "whsec_x",
            "essence.billing.prices.essential", "price_e",
            "essence.billing.prices.family-archive", "price_f");

    @Test
    void fullyConfiguredStripePasses() {
        assertEquals(List.of(), problems(FIT));
    }

    @Test
    void aMissingWebhookSecretIsNamedWithItsEnvironmentVariable() {
        Map<String, String> values = new HashMap<>(FIT);
        values.remove("essence.billing.stripe.webhook-secret");
        assertEquals(List.of("essence.billing.stripe.webhook-secret (ESSENCE_BILLING_STRIPE_WEBHOOK_SECRET) is not "
                + "set: no Stripe event could be verified"), problems(values));
    }

    @Test
    void missingKeyAndPricesAreEachNamed() {
        Map<String, String> values = new HashMap<>(FIT);
        values.remove("essence.billing.stripe.api-key");
        values.remove("essence.billing.prices.essential");
        values.remove("essence.billing.prices.family-archive");
        assertEquals(3, problems(values).size(), problems(values).toString());
    }

    private static List<String> problems(Map<String, String> values) {
        return ProductionSettings.problems(new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(values, "test", 100)).build(), BILLING);
    }
}
