package app.essence.billing.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.Stripe;
import com.stripe.net.Webhook;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.GeneralSecurityException;
import java.util.UUID;

/**
 * Stripe objects and webhook events built from Stripe's published example objects ({@code stripe/fixtures.json},
 * docs/billing.md), with only the fields that tell the story changed, and signed as Stripe signs them. For
 * {@code ./essence stripe-event} and the tests: nothing in the service's own work uses it.
 */
public final class StripeFixtures {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final JsonNode resources;

    private StripeFixtures(JsonNode resources) {
        this.resources = resources;
    }

    public static StripeFixtures load() {
        try (InputStream in = StripeFixtures.class.getResourceAsStream("/stripe/fixtures.json")) {
            if (in == null) {
                throw new IllegalStateException("stripe/fixtures.json is not on the classpath");
            }
            return new StripeFixtures(JSON.readTree(in).get("resources"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of Stripe's example of this object ({@code subscription}, {@code invoice}, {@code customer}...). */
    public ObjectNode resource(String name) {
        JsonNode resource = resources.get(name);
        if (resource == null) {
            throw new IllegalArgumentException("no Stripe fixture for " + name);
        }
        return resource.deepCopy();
    }

    /** A subscription of one item, in API 2026-07-29.dahlia's shape (the period end on the item). */
    public ObjectNode subscription(String id, String customer, UUID user, String status, String priceId,
            long currentPeriodEnd, boolean cancelAtPeriodEnd) {
        ObjectNode subscription = resource("subscription");
        subscription.put("id", id).put("customer", customer).put("status", status)
                .put("cancel_at_period_end", cancelAtPeriodEnd);
        subscription.putNull("cancel_at");
        subscription.putNull("canceled_at");
        subscription.putNull("ended_at");
        subscription.putNull("pause_collection");
        subscription.putNull("pending_update");
        ObjectNode metadata = subscription.putObject("metadata");
        if (user != null) {
            metadata.put("user_id", user.toString());
        }
        ObjectNode items = (ObjectNode) subscription.get("items");
        items.put("url", "/v1/subscription_items?subscription=" + id);
        ObjectNode item = (ObjectNode) items.get("data").get(0);
        item.put("subscription", id).put("current_period_end", currentPeriodEnd)
                .put("current_period_start", currentPeriodEnd - 30L * 24 * 3600);
        ((ObjectNode) item.get("price")).put("id", priceId);
        return subscription;
    }

    /** An invoice of the subscription, {@code paid} or {@code open} (its payment failed). */
    public ObjectNode invoice(String id, String customer, String subscriptionId, UUID user, String status) {
        ObjectNode invoice = resource("invoice");
        invoice.put("id", id).put("customer", customer).put("status", status).put("billing_reason",
                "subscription_cycle");
        ObjectNode parent = invoice.putObject("parent");
        parent.put("type", "subscription_details").putNull("quote_details");
        ObjectNode details = parent.putObject("subscription_details");
        details.put("subscription", subscriptionId);
        ObjectNode metadata = details.putObject("metadata");
        if (user != null) {
            metadata.put("user_id", user.toString());
        }
        return invoice;
    }

    /** A completed checkout session in subscription mode, as our checkout creates it. */
    public ObjectNode checkoutSession(String id, String customer, String subscriptionId, UUID clientReference) {
        ObjectNode session = resource("checkout.session");
        session.put("id", id).put("customer", customer).put("subscription", subscriptionId).put("mode", "subscription")
                .put("status", "complete").put("payment_status", "paid").putNull("payment_intent").putNull("url");
        if (clientReference == null) {
            session.putNull("client_reference_id");
        } else {
            session.put("client_reference_id", clientReference.toString());
        }
        return session;
    }

    /** The event Stripe sends about {@code object}, of the API version stripe-java reads. */
    public String event(String id, String type, long created, ObjectNode object) {
        return event(id, type, created, object, Stripe.API_VERSION);
    }

    public String event(String id, String type, long created, ObjectNode object, String apiVersion) {
        ObjectNode event = resource("event");
        event.put("id", id).put("type", type).put("created", created).put("api_version", apiVersion)
                .put("pending_webhooks", 1);
        ((ObjectNode) event.get("data")).set("object", object);
        try {
            return JSON.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code Stripe-Signature} header of {@code payload}: {@code t=<timestamp>,v1=<HMAC-SHA256 hex>}. */
    public static String signature(String payload, String secret, long timestamp) {
        return "t=" + timestamp + ",v1=" + v1(payload, secret, timestamp);
    }

    /** The {@code v1} signature of {@code payload} signed at {@code timestamp}, computed by stripe-java. */
    public static String v1(String payload, String secret, long timestamp) {
        try {
            return Webhook.Util.computeHmacSha256(secret, timestamp + "." + payload);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
