package app.essence.billing;

import static app.essence.billing.Webhooks.ESSENTIAL_PRICE;
import static app.essence.billing.Webhooks.deliver;
import static app.essence.billing.Webhooks.event;
import static app.essence.billing.Webhooks.newId;
import static app.essence.billing.Webhooks.subscription;
import static org.awaitility.Awaitility.await;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.EventCodec;
import app.essence.common.events.EventType;
import app.essence.common.events.ProfileEvents.UserDeleted;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.TestTokens;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * An erased account: its subscription row goes and its Stripe customer is deleted (ending every subscription of
 * theirs), however long that takes; only then is billing-service's part done (UserBillingErased), once.
 */
@QuarkusTest
class UserDeletedTests {
    private final UUID user = UUID.randomUUID();
    private final String subscriptionId = newId("sub_");
    private final String customer = newId("cus_");

    @Test
    void erasedUsersCustomerIsDeletedAtStripeEvenIfStripeFailsFirst() {
        StripeStub.holds(subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE));
        deliver(event("customer.subscription.created", Instant.now().getEpochSecond() - 60,
                subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE))).statusCode(200);
        assertTrue(Ledger.row(user).isPresent());

        StripeStub.failNextCancels(2);
        EventCodec.Encoded erasure = KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.row(user).isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.count(
                "select count(*) from stripe_customer_deletions where customer_id = '" + customer + "'") == 0);
        assertEquals(3, StripeStub.customerDeletes().stream().filter(customer::equals).count(),
                "two failures, then the deletion Stripe confirmed");
        assertEquals(1, Ledger.erasureAnnouncements(user, 1), "the part is done once Stripe confirmed");
        assertEquals(List.of(), Ledger.tracesExceptTheErasureRecord(user.toString(), customer, subscriptionId));
        // Redelivered: applied once, announced once.
        KafkaTestClient.send(EventType.Topics.PROFILES, user.toString(), erasure.json());
        assertEquals(1, Ledger.erasureAnnouncements(user, 2));

        // Stripe's own event about the cancellation arrives afterwards: the erased user stays forgotten.
        deliver(event("customer.subscription.deleted", Instant.now().getEpochSecond(),
                subscription(subscriptionId, customer, user, "canceled", ESSENTIAL_PRICE))).statusCode(200)
                .body("outcome", equalTo("ignored"));
        assertTrue(Ledger.row(user).isEmpty());
    }

    @Test
    void aStripeEventOfTheErasedUsersCustomerWithoutOurMetadataIsNotKept() {
        StripeStub.holds(subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE));
        deliver(event("customer.subscription.created", Instant.now().getEpochSecond() - 60,
                subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE))).statusCode(200);
        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        assertEquals(1, Ledger.erasureAnnouncements(user, 1));

        // An invoice of the customer, not of our subscription: no user id of ours, the customer's email and name.
        ObjectNode invoice = Webhooks.FIXTURES.invoice(newId("in_"), customer, null, null, "open");
        invoice.put("customer_email", "rose@example.com").put("customer_name", "Rose");
        deliver(event("invoice.payment_failed", Instant.now().getEpochSecond(), invoice)).statusCode(200)
                .body("outcome", equalTo("ignored"));
        assertEquals(0, Ledger.count("select count(*) from stripe_pending_events where customer_id = '" + customer
                + "'"), "a payload of the erased user's customer is kept");
        assertEquals(0, Ledger.count("select count(*) from stripe_erased_customers where customer_hash = '"
                + customer + "'"), "the customer's id itself is kept");
    }

    @Test
    void aCheckoutWhoseSubscriptionEventNeverCameIsEndedByDeletingTheCustomer() {
        given().auth().oauth2(TestTokens.user(user)).contentType("application/json").body("{\"plan\": \"essential\"}")
                .when().post("/v1/billing/checkout").then().statusCode(200);
        String checkoutCustomer = Ledger.row(user).orElseThrow().customer();
        assertNull(Ledger.row(user).orElseThrow().subscription(), "the subscription's event has not come");

        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> StripeStub.customerDeletes().contains(checkoutCustomer));
        assertTrue(Ledger.row(user).isEmpty());
    }

    @Test
    void aRunningSubscriptionReportedAfterTheErasureIsEndedNotIgnored() {
        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.count(
                "select count(*) from erased_users where user_id = '" + user + "'") == 1);
        StripeStub.holds(subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE));
        deliver(event("customer.subscription.created", Instant.now().getEpochSecond(),
                subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE))).statusCode(200)
                .body("outcome", equalTo("ignored"));
        assertTrue(Ledger.row(user).isEmpty(), "nothing of an erased user is kept");
        await().atMost(Duration.ofSeconds(30)).until(() -> StripeStub.customerDeletes().contains(customer));
    }

    @Test
    void anErasedUsersCheckoutMakesNoRowAgain() {
        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.count(
                "select count(*) from erased_users where user_id = '" + user + "'") == 1);
        given().auth().oauth2(TestTokens.user(user)).contentType("application/json").body("{\"plan\": \"essential\"}")
                .when().post("/v1/billing/checkout").then().statusCode(410)
                .body("type", equalTo("https://essence.app/problems/account-erased"));
        given().auth().oauth2(TestTokens.user(user)).get("/v1/subscription").then().statusCode(410);
        assertTrue(Ledger.row(user).isEmpty(), "no row for an erased user");
        assertEquals(0, StripeStub.customerCreates().stream()
                .filter(c -> user.toString().equals(c.get("metadata[user_id]"))).count());
    }

    @Test
    void aDeletionStripeRefusesForGoodStopsWithStripesReason() {
        given().auth().oauth2(TestTokens.user(user)).contentType("application/json").body("{\"plan\": \"essential\"}")
                .when().post("/v1/billing/checkout").then().statusCode(200);
        String refused = Ledger.row(user).orElseThrow().customer();
        StripeStub.refuseDeletionOf(refused);
        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.count("select count(*) from "
                + "stripe_customer_deletions where customer_id = '" + refused + "' and dead_at is not null") == 1);
        assertEquals(1, Ledger.count("select count(*) from stripe_customer_deletions where customer_id = '"
                + refused + "' and attempts = 1 and last_error like '%status 400, code parameter_invalid_empty, "
                + "request req_stub%'"));
        assertEquals(1, StripeStub.customerDeletes().stream().filter(refused::equals).count(),
                "not tried again");
        assertEquals(0, Ledger.erasureAnnouncements(user, 1), "not done while Stripe has the customer");
        assertEquals(1, Ledger.count("select count(*) from erased_users where user_id = '" + user
                + "' and completed_at is null"));
        // An operator ended it in Stripe's dashboard and deleted the row: the part completes.
        Ledger.count("with gone as (delete from stripe_customer_deletions where customer_id = '" + refused
                + "' returning 1) select count(*) from gone");
        assertEquals(1, Ledger.erasureAnnouncements(user, 1));
    }

    @Test
    void erasingAUserWithoutSubscriptionCancelsNothing() {
        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> Ledger.count(
                "select count(*) from erased_users where user_id = '" + user + "'") == 1);
        assertEquals(0, Ledger.count("select count(*) from stripe_cancellations where user_id = '" + user + "'"));
        assertEquals(0, Ledger.count("select count(*) from stripe_customer_deletions where user_id = '" + user
                + "'"));
    }

    @Test
    void usersWhosePartStaysStuckNeverHoldTheOthersBackAndAreShown() {
        // More stuck users than one pass takes, each waiting for an operator (Stripe refused the deletion for good).
        for (int i = 0; i < 60; i++) {
            UUID stuck = UUID.randomUUID();
            Ledger.execute("insert into erased_users (user_id, erased_at) values ('" + stuck
                    + "', now() - interval '2 hours')");
            Ledger.execute("insert into stripe_customer_deletions (customer_id, user_id, dead_at) values ('"
                    + newId("cus_") + "', '" + stuck + "', now())");
        }
        KafkaTestClient.publish(new UserDeleted(user, Instant.now()));
        assertEquals(1, Ledger.erasureAnnouncements(user, 1), "a new erasure completes past the stuck ones");
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> erasureGauge("essence_erasure_stuck{") >= 60);
        assertTrue(erasureGauge("essence_erasure_pending{") >= 60);
        assertTrue(Ledger.count("select count(*) from erased_users where completed_at is null and checks > 0 "
                + "and next_check_at is not null and left_at_last_check = 1") >= 60,
                "each stuck user is checked and waits for its next turn, what was left recorded");
    }

    private static double erasureGauge(String series) {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith(series) && line.contains("service=\"billing-service\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst()
                .orElse(-1);
    }
}
