package app.essence.billing.stripe;

import app.essence.common.metrics.ProviderCallMeter;
import com.stripe.StripeClient;
import com.stripe.exception.StripeException;
import com.stripe.model.Customer;
import com.stripe.model.Subscription;
import com.stripe.model.checkout.Session;
import com.stripe.net.RequestOptions;
import com.stripe.param.CustomerCreateParams;
import com.stripe.param.SubscriptionListParams;
import com.stripe.param.checkout.SessionCreateParams;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The calls billing-service makes to Stripe, through stripe-java (which pins the API version, docs/billing.md).
 * Blocking: call from a worker thread. Every failure becomes a {@link StripeUnavailableException} whose cause is
 * logged here; what Stripe answered never reaches a user.
 */
@ApplicationScoped
@Startup // its calls' series show on /q/metrics from the start
public class StripeGateway {
    private static final Logger LOG = Logger.getLogger(StripeGateway.class);

    /** The provider's name in essence_provider_calls_seconds (docs/deploy.md, "Metrics"). */
    static final String PROVIDER = "stripe";
    private static final String[] OPERATIONS = {"read_subscription", "create_customer", "create_checkout_session",
        "create_portal_session", "list_subscriptions", "delete_customer", "cancel_subscription"};

    private final Optional<StripeClient> client;
    private final ProviderCallMeter meter;

    public StripeGateway(StripeConfig config, ProviderCallMeter meter) {
        this.meter = meter;
        meter.register(PROVIDER, OPERATIONS);
        this.client = config.apiKey().filter(key -> !key.isBlank()).map(key -> StripeClient.builder()
                .setApiKey(key)
                .setApiBase(config.apiBase())
                .setConnectTimeout((int) config.connectTimeout().toMillis())
                .setReadTimeout((int) config.readTimeout().toMillis())
                .setMaxNetworkRetries(config.maxNetworkRetries())
                .build());
    }

    /** Whether a Stripe key is configured; without one, nothing here may be called. */
    public boolean configured() {
        return client.isPresent();
    }

    /**
     * The subscription as Stripe holds it now. Tried once: a webhook waits for it, and must answer within Stripe's
     * timeout; without it the event is applied from its own payload.
     */
    public Subscription subscription(String subscriptionId) {
        return call("read_subscription", "read subscription " + subscriptionId, c -> c.v1().subscriptions().retrieve(subscriptionId,
                RequestOptions.builder().setMaxNetworkRetries(0).build()));
    }

    /** A customer for the user; the key makes a retry (ours or stripe-java's) answer the same customer. */
    public Customer createCustomer(UUID userId, Optional<String> email) {
        CustomerCreateParams.Builder params = CustomerCreateParams.builder().putMetadata("user_id", userId.toString());
        email.ifPresent(params::setEmail);
        return call("create_customer", "create a customer for user " + userId, c -> c.v1().customers().create(params.build(),
                idempotent("essence-customer-" + userId)));
    }

    public Session createCheckoutSession(SessionCreateParams params, String idempotencyKey) {
        return call("create_checkout_session", "create a checkout session", c -> c.v1().checkout().sessions().create(params,
                idempotent(idempotencyKey)));
    }

    public com.stripe.model.billingportal.Session createPortalSession(String customerId, String returnUrl) {
        var params = com.stripe.param.billingportal.SessionCreateParams.builder().setCustomer(customerId)
                .setReturnUrl(returnUrl).build();
        return call("create_portal_session", "create a portal session", c -> c.v1().billingPortal().sessions().create(params));
    }

    /**
     * The customer's subscriptions in every status (newest first, the first page of 100: one customer holds one or
     * two). Tried once, like {@link #subscription}.
     */
    public List<Subscription> subscriptionsOf(String customerId) {
        SubscriptionListParams params = SubscriptionListParams.builder().setCustomer(customerId)
                .setStatus(SubscriptionListParams.Status.ALL).setLimit(100L).build();
        return call("list_subscriptions", "list the subscriptions of customer " + customerId, c -> c.v1().subscriptions().list(params,
                RequestOptions.builder().setMaxNetworkRetries(0).build())).getData();
    }

    /**
     * Deletes the customer, which cancels every subscription of theirs at once (Stripe's "Delete a customer"); one
     * Stripe no longer has counts as deleted.
     */
    public void deleteCustomer(String customerId) {
        try {
            call("delete_customer", "delete customer " + customerId, c -> c.v1().customers().delete(customerId));
        } catch (StripeUnavailableException e) {
            if (!e.gone()) {
                throw e;
            }
        }
    }

    /** Cancels the subscription at once; one Stripe no longer has counts as cancelled. */
    public void cancelSubscription(String subscriptionId) {
        try {
            call("cancel_subscription", "cancel subscription " + subscriptionId, c -> c.v1().subscriptions().cancel(subscriptionId));
        } catch (StripeUnavailableException e) {
            if (!e.gone()) {
                throw e;
            }
        }
    }

    private static RequestOptions idempotent(String key) {
        return RequestOptions.builder().setIdempotencyKey(key).build();
    }

    /** One call, timed as {@code operation} in essence_provider_calls_seconds; {@code what} names it in logs. */
    private <T> T call(String operation, String what, StripeCall<T> call) {
        StripeClient stripe = client.orElseThrow(() -> new IllegalStateException("no Stripe key is configured"));
        try {
            return meter.timed(PROVIDER, operation, () -> call.on(stripe));
        } catch (StripeException e) {
            LOG.warnf("Stripe: could not %s: %s (status %s, code %s, request %s)", what, e.getClass().getSimpleName(),
                    e.getStatusCode(), e.getCode(), e.getRequestId());
            throw new StripeUnavailableException("Stripe could not " + what, e, e.getStatusCode(), e.getCode(),
                    e.getRequestId());
        } catch (RuntimeException e) {
            LOG.warnf("Stripe: could not %s: %s", what, e.toString());
            throw new StripeUnavailableException("Stripe could not " + what, e, null, null, null);
        }
    }

    @FunctionalInterface
    private interface StripeCall<T> {
        T on(StripeClient client) throws StripeException;
    }
}
