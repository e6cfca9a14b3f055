package app.essence.billing.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code ./essence stripe-event TYPE USER [PLAN]}: sends the running billing-service a webhook built from Stripe's
 * example objects and signed with the local signing secret, which it reads from the environment
 * ({@code ESSENCE_BILLING_STRIPE_WEBHOOK_SECRET}), never from its arguments. The user's customer and subscription
 * ids are made from the user id, so one user's events describe one subscription; the price of PLAN is the local
 * stack's ({@code price_local_<plan>}, docs/billing.md).
 */
public final class StripeEventSender {
    static final List<String> PLANS = List.of("essential", "family_archive");

    private StripeEventSender() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: StripeEventSender WEBHOOK_URL TYPE USER_ID [PLAN]");
            System.exit(2);
        }
        String secret = System.getenv("ESSENCE_BILLING_STRIPE_WEBHOOK_SECRET");
        if (secret == null || secret.isBlank()) {
            System.err.println("ESSENCE_BILLING_STRIPE_WEBHOOK_SECRET is not set");
            System.exit(2);
        }
        String payload;
        try {
            payload = payload(args[1], UUID.fromString(args[2]), args.length == 4 ? args[3] : "essential",
                    Instant.now());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        long now = Instant.now().getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(URI.create(args[0])).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("Stripe-Signature", StripeFixtures.signature(payload, secret, now))
                .POST(HttpRequest.BodyPublishers.ofString(payload, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        System.out.println(response.statusCode() + " " + response.body());
        System.exit(response.statusCode() / 100 == 2 ? 0 : 1);
    }

    /** The event of {@code type} for the user's local subscription to {@code plan}. */
    static String payload(String type, UUID user, String plan, Instant now) {
        if (!PLANS.contains(plan)) {
            // Else the event would name price_local_<typo>, which grants nothing, and look like a service bug.
            throw new IllegalArgumentException("unknown plan " + plan + "; one of " + String.join(", ", PLANS));
        }
        StripeFixtures fixtures = StripeFixtures.load();
        String tag = user.toString().replace("-", "").substring(0, 14);
        String customer = "cus_local_" + tag;
        String subscriptionId = "sub_local_" + tag;
        String price = "price_local_" + plan;
        long periodEnd = now.plus(Duration.ofDays(30)).getEpochSecond();
        String eventId = "evt_local_" + UUID.randomUUID().toString().replace("-", "");
        var object = switch (type) {
            case "customer.subscription.created", "customer.subscription.updated", "customer.subscription.resumed" ->
                    fixtures.subscription(subscriptionId, customer, user, "active", price, periodEnd, false);
            case "customer.subscription.deleted" ->
                    fixtures.subscription(subscriptionId, customer, user, "canceled", price, periodEnd, false);
            case "customer.subscription.paused" ->
                    fixtures.subscription(subscriptionId, customer, user, "paused", price, periodEnd, false);
            case "invoice.paid" -> fixtures.invoice("in_local_" + tag, customer, subscriptionId, user, "paid");
            case "invoice.payment_failed" ->
                    fixtures.invoice("in_local_" + tag, customer, subscriptionId, user, "open");
            case "checkout.session.completed" ->
                    fixtures.checkoutSession("cs_local_" + tag, customer, subscriptionId, user);
            default -> throw new IllegalArgumentException("unknown event type " + type + "; one of "
                    + "customer.subscription.created|updated|deleted|paused|resumed, invoice.paid, "
                    + "invoice.payment_failed, checkout.session.completed");
        };
        return fixtures.event(eventId, type, now.getEpochSecond(), object);
    }
}
