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
            BillingProductionSettings.FAMILY_ARCHIVE_PRICE, BillingProductionSettings.SUCCESS_URL,
            BillingProductionSettings.CANCEL_URL, BillingProductionSettings.PORTAL_RETURN_URL);
    private static final Map<String, String> FIT = Map.ofEntries(
            Map.entry("essence.billing.checkout.success-url",
                    "https://essence.app/billing/success?session_id={CHECKOUT_SESSION_ID}"),
            Map.entry("essence.billing.checkout.cancel-url", "https://essence.app/billing/cancelled"),
            Map.entry("essence.billing.checkout.portal-return-url", "https://essence.app/account"),
            Map.entry("quarkus.datasource.password", "s3cret"),
            Map.entry("quarkus.datasource.username", "essence_app"),
            Map.entry("quarkus.flyway.username", "essence_owner"),
            Map.entry("essence.auth.jwks-url", "https://project.supabase.co/auth/v1/.well-known/jwks.json"),
            Map.entry("essence.billing.stripe.api-key", "sk_live_x"),
            Map.entry("essence.billing.stripe.webhook-secret", "whsec_x"),
            Map.entry("essence.billing.prices.essential", "price_e"),
            Map.entry("essence.billing.prices.family-archive", "price_f"));

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

    @Test
    void checkoutAndPortalAddressesMustNotBeTheLocalDefaults() {
        Map<String, String> values = new HashMap<>(FIT);
        values.remove("essence.billing.checkout.success-url");
        values.put("essence.billing.checkout.cancel-url", "http://127.0.0.1:8080/billing/cancelled");
        values.put("essence.billing.checkout.portal-return-url", "https://localhost/account");
        List<String> problems = problems(values);
        assertEquals(3, problems.size(), problems.toString());
        assertEquals(true, problems.get(0).startsWith("essence.billing.checkout.success-url "
                + "(ESSENCE_BILLING_CHECKOUT_SUCCESS_URL) is not set"), problems.get(0));
    }

    private static List<String> problems(Map<String, String> values) {
        return ProductionSettings.problems(new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(values, "test", 100)).build(), BILLING);
    }
}
