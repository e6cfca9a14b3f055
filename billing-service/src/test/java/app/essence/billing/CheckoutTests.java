package app.essence.billing;

import static app.essence.billing.Webhooks.ESSENTIAL_PRICE;
import static app.essence.billing.Webhooks.FAMILY_ARCHIVE_PRICE;
import static app.essence.billing.Webhooks.deliver;
import static app.essence.billing.Webhooks.event;
import static app.essence.billing.Webhooks.subscription;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import app.essence.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Buying and managing a plan through Stripe Checkout and the customer portal (against the Stripe stub). */
@QuarkusTest
class CheckoutTests {
    private final UUID user = UUID.randomUUID();
    private final String token = TestTokens.user(user);

    @Test
    void checkoutIsASubscriptionSessionForTheUsersOneCustomer() {
        given().auth().oauth2(token).contentType("application/json").body("{\"plan\": \"essential\"}")
                .when().post("/v1/billing/checkout").then().statusCode(200)
                .body("url", startsWith("https://checkout.stripe.com/c/pay/cs_test_stub_"));
        given().auth().oauth2(token).contentType("application/json").body("{\"plan\": \"family_archive\"}")
                .when().post("/v1/billing/checkout").then().statusCode(200);

        List<Map<String, String>> customers = StripeStub.customerCreates().stream()
                .filter(c -> user.toString().equals(c.get("metadata[user_id]"))).toList();
        assertEquals(1, customers.size(), "one customer per user, made once");
        String customer = Ledger.row(user).orElseThrow().customer();
        List<Map<String, String>> sessions = StripeStub.checkoutCreates().stream()
                .filter(s -> user.toString().equals(s.get("client_reference_id"))).toList();
        assertEquals(2, sessions.size());
        Map<String, String> first = sessions.get(0);
        assertEquals("subscription", first.get("mode"));
        assertEquals(customer, first.get("customer"));
        assertEquals(user.toString(), first.get("subscription_data[metadata][user_id]"));
        assertEquals(ESSENTIAL_PRICE, first.get("line_items[0][price]"));
        assertEquals("1", first.get("line_items[0][quantity]"));
        assertEquals("https://app.essence.test/billing/success?session_id={CHECKOUT_SESSION_ID}",
                first.get("success_url"));
        assertEquals("https://app.essence.test/billing/cancelled", first.get("cancel_url"));
        assertNotNull(first.get("Idempotency-Key"));
        assertEquals(customer, sessions.get(1).get("customer"));
        assertEquals(FAMILY_ARCHIVE_PRICE, sessions.get(1).get("line_items[0][price]"));
        // Buying is not having: the plan comes with Stripe's events, not with the checkout.
        assertEquals("free", Ledger.row(user).orElseThrow().plan());
        assertEquals(List.of(), StripeStub.violations());
    }

    @Test
    void portalIsForTheUsersCustomer() {
        given().auth().oauth2(token).contentType("application/json").body("{\"plan\": \"essential\"}")
                .when().post("/v1/billing/checkout").then().statusCode(200);
        given().auth().oauth2(token).when().post("/v1/billing/portal").then().statusCode(200)
                .body("url", startsWith("https://billing.stripe.com/p/session/bps_stub_"));
        String customer = Ledger.row(user).orElseThrow().customer();
        Map<String, String> portal = StripeStub.portalCreates().stream()
                .filter(p -> customer.equals(p.get("customer"))).findFirst().orElseThrow();
        assertEquals("https://app.essence.test/account", portal.get("return_url"));
        assertEquals(1, StripeStub.customerCreates().stream()
                .filter(c -> user.toString().equals(c.get("metadata[user_id]"))).count());
    }

    @Test
    void portalOfAUserWhoNeverBoughtIsAConflictAndMakesNoCustomer() {
        given().auth().oauth2(token).when().post("/v1/billing/portal").then().statusCode(409)
                .contentType("application/problem+json")
                .body("type", equalTo("https://essence.app/problems/conflict"));
        assertEquals(0, StripeStub.customerCreates().stream()
                .filter(c -> user.toString().equals(c.get("metadata[user_id]"))).count());
    }

    @Test
    void checkoutRefusesWhatIsNotAPlanToBuy() {
        for (String body : List.of("{\"plan\": \"free\"}", "{\"plan\": \"platinum\"}", "{}")) {
            given().auth().oauth2(token).contentType("application/json").body(body)
                    .when().post("/v1/billing/checkout").then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("plan"));
        }
        given().contentType("application/json").body("{\"plan\": \"essential\"}")
                .when().post("/v1/billing/checkout").then().statusCode(401);
    }

    @Test
    void aRunningSubscriptionIsChangedInThePortalNotBoughtTwice() {
        deliver(event("customer.subscription.created", Instant.now().getEpochSecond(),
                subscription(Webhooks.newId("sub_"), Webhooks.newId("cus_"), user, "active", ESSENTIAL_PRICE)))
                .statusCode(200);
        given().auth().oauth2(token).contentType("application/json").body("{\"plan\": \"family_archive\"}")
                .when().post("/v1/billing/checkout").then().statusCode(409)
                .body("type", equalTo("https://essence.app/problems/conflict"));
    }

    @Test
    void aSubscriptionStripeHoldsButWeNeverHeardOfIsNotBoughtTwice() {
        given().auth().oauth2(token).contentType("application/json").body("{\"plan\": \"essential\"}")
                .when().post("/v1/billing/checkout").then().statusCode(200);
        String customer = Ledger.row(user).orElseThrow().customer();
        // The checkout was paid; its subscription's event is late.
        StripeStub.holds(subscription(Webhooks.newId("sub_"), customer, user, "active", ESSENTIAL_PRICE));
        given().auth().oauth2(token).contentType("application/json").body("{\"plan\": \"family_archive\"}")
                .when().post("/v1/billing/checkout").then().statusCode(409)
                .body("type", equalTo("https://essence.app/problems/conflict"));
        assertEquals(1, StripeStub.checkoutCreates().stream()
                .filter(s -> user.toString().equals(s.get("client_reference_id"))).count());
        assertEquals(List.of(), StripeStub.violations());
    }

    @Test
    void plansListEachPlanWithItsEntitlementsAndPrice() {
        given().auth().oauth2(token).when().get("/v1/plans").then().statusCode(200)
                .body("items", hasSize(3))
                .body("items[0].plan", equalTo("free")).body("items[0].stripe_price_id", nullValue())
                .body("items[0].entitlements.profiles", equalTo(1))
                .body("items[1].plan", equalTo("essential")).body("items[1].stripe_price_id", equalTo(ESSENTIAL_PRICE))
                .body("items[1].entitlements.audio_download", equalTo(true))
                .body("items[2].plan", equalTo("family_archive"))
                .body("items[2].stripe_price_id", equalTo(FAMILY_ARCHIVE_PRICE))
                .body("items[2].entitlements.archive_export", equalTo(true));
        given().when().get("/v1/plans").then().statusCode(401);
    }
}
