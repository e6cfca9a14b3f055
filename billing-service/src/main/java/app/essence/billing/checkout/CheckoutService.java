package app.essence.billing.checkout;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.billing.plan.PriceCatalogue;
import app.essence.billing.stripe.StripeGateway;
import app.essence.billing.stripe.StripeUnavailableException;
import app.essence.billing.subscription.StripeCancellations;
import app.essence.billing.subscription.Subscription;
import app.essence.billing.subscription.SubscriptionLedger;
import app.essence.common.erasure.ErasedUsers;
import app.essence.common.identity.Caller;
import app.essence.common.plans.Plan;
import app.essence.common.plans.SubscriptionStatus;
import app.essence.common.problem.ProblemException;
import app.essence.common.problem.ProblemType;
import com.stripe.param.checkout.SessionCreateParams;
import app.essence.common.rowsecurity.RowSecurity;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Buying a plan (a Stripe Checkout Session in subscription mode) and managing it (the customer portal). The user's
 * Stripe customer is made once and kept on their subscription row. Blocking: Stripe is called from this thread.
 */
@ApplicationScoped
public class CheckoutService {
    /** A repeated click within this many seconds gets the same checkout session back (Stripe's idempotency). */
    private static final long SAME_CHECKOUT_SECONDS = 600;
    /** Stripe statuses of a subscription that is over and bills nothing more. */
    private static final Set<String> LIVE_NOT = Set.of("canceled", "incomplete_expired");

    private final StripeGateway stripe;
    private final PriceCatalogue prices;
    private final CheckoutConfig config;
    private final SubscriptionLedger ledger;
    private final StripeCancellations cancellations;

    public CheckoutService(StripeGateway stripe, PriceCatalogue prices, CheckoutConfig config,
            SubscriptionLedger ledger, StripeCancellations cancellations) {
        this.cancellations = cancellations;
        this.stripe = stripe;
        this.prices = prices;
        this.config = config;
        this.ledger = ledger;
    }

    public BillingLink checkout(Caller caller, CheckoutRequest request) {
        caller.requireSignedUp();
        Plan plan = Arrays.stream(Plan.values()).filter(p -> p != Plan.FREE && p.code().equals(request.plan()))
                .findFirst().orElseThrow(() -> ProblemException.invalidField("plan", "one of essential, family_archive"));
        requireConfigured();
        String price = prices.priceOf(plan).orElseThrow(() -> new ProblemException(ProblemType.BILLING_NOT_CONFIGURED,
                "no Stripe price is configured for the " + plan.code() + " plan"));
        Subscription current = rowOf(caller);
        if (current != null && current.stripeSubscriptionId != null
                && !SubscriptionStatus.CANCELED.code().equals(current.status)
                && !Plan.FREE.code().equals(current.plan)) {
            throw ProblemException.conflict("there is a subscription already (" + current.plan + ", "
                    + current.status + "); change it in the billing portal");
        }
        if (current != null && current.stripeCustomerId != null) {
            refuseIfSubscribed(current.stripeCustomerId);
        }
        String customer = customerOf(caller, current);
        SessionCreateParams params = SessionCreateParams.builder()
                .setMode(SessionCreateParams.Mode.SUBSCRIPTION)
                .setCustomer(customer)
                .setClientReferenceId(caller.userId().toString())
                .addLineItem(SessionCreateParams.LineItem.builder().setPrice(price).setQuantity(1L).build())
                .setSubscriptionData(SessionCreateParams.SubscriptionData.builder()
                        .putMetadata("user_id", caller.userId().toString()).build())
                .setSuccessUrl(config.successUrl())
                .setCancelUrl(config.cancelUrl())
                .build();
        String key = "essence-checkout-" + caller.userId() + "-" + plan.code() + "-"
                + Instant.now().getEpochSecond() / SAME_CHECKOUT_SECONDS;
        return new BillingLink(stripeCall(() -> stripe.createCheckoutSession(params, key).getUrl()));
    }

    public BillingLink portal(Caller caller) {
        caller.requireSignedUp();
        requireConfigured();
        Subscription current = rowOf(caller);
        if (current == null || current.stripeCustomerId == null) {
            // No customer, so nothing was ever bought: a new customer's portal would be empty.
            throw ProblemException.conflict("there is nothing to manage yet: no plan was bought");
        }
        String customer = current.stripeCustomerId;
        return new BillingLink(stripeCall(() -> stripe.createPortalSession(customer, config.portalReturnUrl())
                .getUrl()));
    }

    /**
     * Stripe's word over our row: a subscription whose event has not reached us yet (or was held back) still runs,
     * and a second checkout would bill the user twice.
     */
    private void refuseIfSubscribed(String customerId) {
        stripeCall(() -> stripe.subscriptionsOf(customerId)).stream()
                .filter(s -> !LIVE_NOT.contains(String.valueOf(s.getStatus()))).findFirst().ifPresent(s -> {
                    throw ProblemException.conflict("there is a subscription already (" + s.getStatus()
                            + "); change it in the billing portal");
                });
    }

    private void requireConfigured() {
        if (!stripe.configured()) {
            throw new ProblemException(ProblemType.BILLING_NOT_CONFIGURED, "no Stripe key is configured on this "
                    + "stack (essence.billing.stripe.api-key), so plans cannot be bought or managed here");
        }
    }

    private static Subscription rowOf(Caller caller) {
        return await(() -> RowSecurity.inUserTransaction(caller.userId(), () -> Subscription.<Subscription> find(
                "userId", caller.userId()).firstResult()));
    }

    /** The user's customer: the one kept, else a new one, kept (a concurrent request's customer wins). */
    private String customerOf(Caller caller, Subscription current) {
        if (current != null && current.stripeCustomerId != null) {
            return current.stripeCustomerId;
        }
        if (await(() -> Panache.withSession(() -> ledger.erased(caller.userId())))) {
            throw erased();
        }
        String created = stripeCall(() -> stripe.createCustomer(caller.userId(), caller.email()).getId());
        Subscription linked = await(() -> RowSecurity.inUserTransaction(caller.userId(),
                () -> ledger.linkCustomer(caller.userId(), created)));
        if (linked == null) {
            // Erased meanwhile: the new customer is the erased user's, so it must go too.
            await(() -> Panache.withTransaction(() -> cancellations.scheduleCustomer(created, caller.userId())));
            throw erased();
        }
        return linked.stripeCustomerId;
    }

    private static ProblemException erased() {
        return ErasedUsers.erasedProblem();
    }

    private static <T> T stripeCall(Supplier<T> call) {
        try {
            return call.get();
        } catch (StripeUnavailableException e) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "the payment provider could not be reached; "
                    + "try again in a moment");
        }
    }
}
