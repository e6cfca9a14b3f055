package app.essence.billing;

import app.essence.common.config.ProductionSetting;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Produces;
import java.util.Locale;
import java.util.Optional;

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
    @Produces
    static final ProductionSetting SUCCESS_URL = publicUrl("essence.billing.checkout.success-url",
            "Stripe would send paying users back to a local address");
    @Produces
    static final ProductionSetting CANCEL_URL = publicUrl("essence.billing.checkout.cancel-url",
            "Stripe would send users who leave checkout to a local address");
    @Produces
    static final ProductionSetting PORTAL_RETURN_URL = publicUrl("essence.billing.checkout.portal-return-url",
            "the billing portal would send users back to a local address");

    /**
     * The key must be set to a public https address: its default (CheckoutConfig) is the local stack's, which a
     * user of the real site cannot reach.
     */
    static ProductionSetting publicUrl(String key, String why) {
        return config -> {
            Optional<String> url = config.getOptionalValue(key, String.class).filter(value -> !value.isBlank());
            if (url.isEmpty()) {
                return Optional.of(ProductionSetting.named(key) + " is not set, so it is the local default: " + why);
            }
            String lower = url.get().toLowerCase(Locale.ROOT);
            boolean local = !lower.startsWith("https://") || lower.startsWith("https://127.") ||
                    lower.startsWith("https://localhost") || lower.startsWith("https://[::1]");
            return local ? Optional.of(ProductionSetting.named(key) + " is '" + url.get()
                    + "', not a public https address: " + why) : Optional.empty();
        };
    }
}
