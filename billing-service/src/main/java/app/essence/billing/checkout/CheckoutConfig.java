package app.essence.billing.checkout;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where Stripe sends the user back to from checkout and from the customer portal (the web client's pages). */
@ConfigMapping(prefix = "essence.billing.checkout")
public interface CheckoutConfig {
    /** After a paid checkout; Stripe replaces {@code {CHECKOUT_SESSION_ID}}. */
    @WithDefault("http://127.0.0.1:8080/billing/success?session_id={CHECKOUT_SESSION_ID}")
    String successUrl();

    /** After a checkout the user left. */
    @WithDefault("http://127.0.0.1:8080/billing/cancelled")
    String cancelUrl();

    /** After the customer portal. */
    @WithDefault("http://127.0.0.1:8080/account")
    String portalReturnUrl();
}
