package app.essence.billing.checkout;

/** Where to send the user: a Stripe Checkout or customer portal page. */
public record BillingLink(String url) {
}
