package app.essence.billing.stripe;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** How billing-service reaches Stripe and checks what Stripe sends it (docs/billing.md). */
@ConfigMapping(prefix = "essence.billing.stripe")
public interface StripeConfig {
    /** The secret API key; without it (the local stack) checkout and the portal answer 503, webhooks still work. */
    Optional<String> apiKey();

    /** Where the Stripe API is; tests point it at their stub. */
    @WithDefault("https://api.stripe.com")
    String apiBase();

    /** The webhook endpoint's signing secret ({@code whsec_...}); without it every webhook is refused. */
    Optional<String> webhookSecret();

    /** How old a webhook's signed timestamp may be (Stripe's own default). */
    @WithDefault("300s")
    Duration webhookTolerance();

    @WithDefault("3s")
    Duration connectTimeout();

    /** Short: a webhook reads the subscription from Stripe (once, no retry) before it answers, within Stripe's timeout. */
    @WithDefault("5s")
    Duration readTimeout();

    /** stripe-java's own retries of a failed call (it sends them with the same idempotency key). */
    @WithDefault("2")
    int maxNetworkRetries();

    /** How often the cancellations of erased users' subscriptions are tried. */
    @WithDefault("30s")
    Duration cancellationInterval();
}
