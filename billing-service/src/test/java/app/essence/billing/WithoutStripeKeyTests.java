package app.essence.billing;

import static app.essence.billing.Webhooks.ESSENTIAL_PRICE;
import static app.essence.billing.Webhooks.deliver;
import static app.essence.billing.Webhooks.event;
import static app.essence.billing.Webhooks.newId;
import static app.essence.billing.Webhooks.subscription;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.ProfileEvents.UserDeleted;
import app.essence.testing.KafkaResource;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.PostgresResource;
import app.essence.testing.SupabaseAuthStub;
import app.essence.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The local stack has no Stripe key: buying and the portal say so (503), everything else works. */
@QuarkusTest
@TestProfile(WithoutStripeKeyTests.NoStripeKey.class)
class WithoutStripeKeyTests {
    private final UUID user = UUID.randomUUID();

    /** Every real part, but no Stripe stand-in, so no key. */
    public static class NoStripeKey implements QuarkusTestProfile {
        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }

        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(PostgresResource.class, Map.of("database", Ledger.DATABASE)),
                    new TestResourceEntry(KafkaResource.class), new TestResourceEntry(SupabaseAuthStub.class));
        }
    }

    @Test
    void checkoutAndPortalAnswerBillingNotConfigured() {
        String token = TestTokens.user(user);
        given().auth().oauth2(token).contentType("application/json").body("{\"plan\": \"essential\"}")
                .when().post("/v1/billing/checkout").then().statusCode(503).contentType("application/problem+json")
                .body("type", equalTo("https://essence.app/problems/billing-not-configured"))
                .body("detail", containsString("no Stripe key is configured"));
        given().auth().oauth2(token).when().post("/v1/billing/portal").then().statusCode(503)
                .body("type", equalTo("https://essence.app/problems/billing-not-configured"));
    }

    @Test
    void withoutAKeyAnEventOfAnotherApiVersionIsRefusedNotMisread() {
        String older = Webhooks.FIXTURES.event(newId("evt_"), "customer.subscription.created",
                Instant.now().getEpochSecond(), subscription(newId("sub_"), newId("cus_"), user, "active",
                        ESSENTIAL_PRICE), "2025-03-31.basil");
        deliver(older).statusCode(400).contentType("application/problem+json");
        assertTrue(Ledger.row(user).isEmpty());
    }

    @Test
    void webhooksPlansAndTheSubscriptionStillWork() {
        deliver(event("customer.subscription.created", Instant.now().getEpochSecond(),
                subscription(newId("sub_"), newId("cus_"), user, "trialing", ESSENTIAL_PRICE))).statusCode(200)
                .body("outcome", equalTo("applied"));
        given().auth().oauth2(TestTokens.user(user)).when().get("/v1/subscription").then().statusCode(200)
                .body("plan", equalTo("essential")).body("status", equalTo("trialing"));
        given().auth().oauth2(TestTokens.user(user)).when().get("/v1/plans").then().statusCode(200);
        assertEquals(1, Ledger.changes(user).size());
    }

    @Test
    void anErasureCompletesWithNothingToEndAtStripe() {
        String customer = newId("cus_");
        deliver(event("customer.subscription.created", Instant.now().getEpochSecond(),
                subscription(newId("sub_"), customer, user, "active", ESSENTIAL_PRICE))).statusCode(200);
        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        assertEquals(1, Ledger.erasureAnnouncements(user, 1));
        assertEquals(List.of(), Ledger.tracesExceptTheErasureRecord(user.toString(), customer));
    }
}
