package app.essence.billing;

import static io.restassured.RestAssured.given;

import app.essence.billing.local.StripeFixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.UUID;

/** Stripe's webhook deliveries, built from Stripe's example objects and signed with stripe-java's signer. */
final class Webhooks {
    static final String SECRET = "whsec_essence_test_secret";
    static final StripeFixtures FIXTURES = StripeStub.FIXTURES;
    /** The prices of the test configuration: Stripe's example price sells essential. */
    static final String ESSENTIAL_PRICE = "price_1PgafmB7WZ01zgkW6dKueIc5";
    static final String FAMILY_ARCHIVE_PRICE = "price_1PgafmB7WZ01zgkW02Hf9z6c";
    static final long PERIOD_END = Instant.parse("2027-01-01T00:00:00Z").getEpochSecond();

    private Webhooks() {
    }

    /** Delivers the payload signed now with the endpoint's secret, as Stripe does. */
    static ValidatableResponse deliver(String payload) {
        return deliver(payload, StripeFixtures.signature(payload, SECRET, Instant.now().getEpochSecond()));
    }

    static ValidatableResponse deliver(String payload, String signatureHeader) {
        var request = given().contentType("application/json; charset=utf-8").body(payload);
        if (signatureHeader != null) {
            request.header("Stripe-Signature", signatureHeader);
        }
        return request.when().post("/stripe/webhook").then();
    }

    static String event(String type, long created, ObjectNode object) {
        return FIXTURES.event(newId("evt_"), type, created, object);
    }

    static ObjectNode subscription(String id, String customer, UUID user, String status, String price) {
        return FIXTURES.subscription(id, customer, user, status, price, PERIOD_END, false);
    }

    static String newId(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
    }
}
