package app.essence.billing;

import static app.essence.billing.Webhooks.ESSENTIAL_PRICE;
import static app.essence.billing.Webhooks.FAMILY_ARCHIVE_PRICE;
import static app.essence.billing.Webhooks.FIXTURES;
import static app.essence.billing.Webhooks.PERIOD_END;
import static app.essence.billing.Webhooks.deliver;
import static app.essence.billing.Webhooks.event;
import static app.essence.billing.Webhooks.newId;
import static app.essence.billing.Webhooks.subscription;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.TestTokens;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What Stripe's events do to a user's subscription, read back through the API and the outbox. */
@QuarkusTest
class SubscriptionWebhookTests {
    private final UUID user = UUID.randomUUID();
    private final String subscriptionId = newId("sub_");
    private final String customer = newId("cus_");
    private final long t0 = Instant.now().getEpochSecond() - 3600;

    @Test
    void createdSubscriptionGrantsItsPlanAndIsAnnouncedOnce() {
        String created = event("customer.subscription.created", t0,
                subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE));
        deliver(created).statusCode(200).body("outcome", equalTo("applied"));
        given().auth().oauth2(TestTokens.user(user)).when().get("/v1/subscription").then().statusCode(200)
                .body("plan", equalTo("essential")).body("status", equalTo("active"))
                .body("current_period_end", equalTo(Instant.ofEpochSecond(PERIOD_END).toString()))
                .body("cancel_at_period_end", equalTo(false));
        assertEquals(1, Ledger.changes(user).size());
        assertEquals("essential", Ledger.changes(user).get(0).get("plan").asText());

        // The same event again, and another event describing the same state: nothing changes, nothing is announced.
        deliver(created).statusCode(200).body("outcome", equalTo("duplicate"));
        deliver(event("customer.subscription.updated", t0 + 1,
                subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE))).statusCode(200);
        assertEquals(1, Ledger.changes(user).size());
    }

    @Test
    void everySubscriptionChangedOfAUserOccursStrictlyAfterTheOneBefore() {
        // Changes as fast as they come (same second at Stripe): replicas keep the newest by occurred_at.
        for (String[] state : new String[][] { { "trialing", ESSENTIAL_PRICE }, { "active", ESSENTIAL_PRICE },
                { "past_due", ESSENTIAL_PRICE }, { "active", FAMILY_ARCHIVE_PRICE },
                { "canceled", FAMILY_ARCHIVE_PRICE } }) {
            deliver(event("customer.subscription.updated", t0,
                    subscription(subscriptionId, customer, user, state[0], state[1]))).statusCode(200);
        }
        java.util.List<Instant> occurred = Ledger.changes(user).stream()
                .map(change -> Instant.parse(change.get("occurred_at").asText())).toList();
        assertEquals(5, occurred.size(), occurred.toString());
        for (int i = 1; i < occurred.size(); i++) {
            assertTrue(occurred.get(i).isAfter(occurred.get(i - 1)), occurred.toString());
        }
    }

    @Test
    void aUserStripeNeverToldUsAboutIsFreeAndActive() {
        given().auth().oauth2(TestTokens.user(user)).when().get("/v1/subscription").then().statusCode(200)
                .body("plan", equalTo("free")).body("status", equalTo("active"))
                .body("current_period_end", nullValue());
        given().when().get("/v1/subscription").then().statusCode(401);
    }

    @ParameterizedTest
    @CsvSource({ "active, essential, active", "trialing, essential, trialing", "past_due, essential, past_due",
            "canceled, essential, canceled", "unpaid, essential, canceled", "incomplete_expired, essential, canceled",
            "incomplete, free, active", "paused, free, active" })
    void stripeStatusMapsToThePlanItGrants(String stripeStatus, String plan, String status) {
        deliver(event("customer.subscription.updated", t0,
                subscription(subscriptionId, customer, user, stripeStatus, ESSENTIAL_PRICE))).statusCode(200);
        Ledger.Row row = Ledger.row(user).orElseThrow();
        assertEquals(plan + "/" + status, row.plan() + "/" + row.status());
        assertEquals(subscriptionId, row.subscription());
    }

    @Test
    void planComesFromThePriceAndAnUnknownPriceGrantsNothing() {
        deliver(event("customer.subscription.created", t0,
                subscription(subscriptionId, customer, user, "active", FAMILY_ARCHIVE_PRICE))).statusCode(200);
        assertEquals("family_archive", Ledger.row(user).orElseThrow().plan());
        deliver(event("customer.subscription.updated", t0 + 1,
                subscription(subscriptionId, customer, user, "active", "price_not_ours"))).statusCode(200);
        assertEquals("free/active", Ledger.row(user).map(r -> r.plan() + "/" + r.status()).orElseThrow());
    }

    @Test
    void aPriceThePlanWasSoldAtBeforeStillGrantsIt() {
        // essence.billing.prices.essential lists the price sold now first, then the one sold before.
        deliver(event("customer.subscription.created", t0,
                subscription(subscriptionId, customer, user, "active", "price_essential_sold_before")))
                .statusCode(200);
        assertEquals("essential/active", Ledger.row(user).map(r -> r.plan() + "/" + r.status()).orElseThrow());
    }

    @Test
    void periodEndAndCancelAtPeriodEndComeFromTheSubscription() {
        ObjectNode cancelling = FIXTURES.subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE,
                PERIOD_END + 86400, true);
        deliver(event("customer.subscription.updated", t0, cancelling)).statusCode(200);
        Ledger.Row row = Ledger.row(user).orElseThrow();
        assertEquals(Instant.ofEpochSecond(PERIOD_END + 86400), row.currentPeriodEnd());
        assertTrue(row.cancelAtPeriodEnd());
    }

    @Test
    void eventOfAnUnknownCustomerIsKeptUntilCheckoutNamesItsUser() {
        // No user id in the metadata (made outside our checkout), and a customer nobody is known for.
        deliver(event("customer.subscription.created", t0,
                subscription(subscriptionId, customer, null, "active", ESSENTIAL_PRICE))).statusCode(200)
                .body("outcome", equalTo("pending"));
        assertTrue(Ledger.row(user).isEmpty());

        deliver(event("checkout.session.completed", t0 + 1,
                FIXTURES.checkoutSession(newId("cs_"), customer, subscriptionId, user))).statusCode(200)
                .body("outcome", equalTo("applied"));
        Ledger.Row row = Ledger.row(user).orElseThrow();
        assertEquals("essential/active", row.plan() + "/" + row.status());
        assertEquals(customer, row.customer());
        assertEquals(1, Ledger.changes(user).size());
        assertEquals(0, Ledger.count("select count(*) from stripe_pending_events where customer_id = '" + customer
                + "'"));

        // Known now: the customer's next event finds its user by the customer alone.
        deliver(event("customer.subscription.updated", t0 + 2,
                subscription(subscriptionId, customer, null, "past_due", ESSENTIAL_PRICE))).statusCode(200)
                .body("outcome", equalTo("applied"));
        assertEquals("past_due", Ledger.row(user).orElseThrow().status());
    }

    @Test
    void aKeptEventIsAppliedAsStripeHoldsItsSubscriptionWhenItsUserBecomesKnown() {
        // Kept while Stripe was away for it and nobody was known for the customer.
        deliver(event("customer.subscription.created", t0,
                subscription(subscriptionId, customer, null, "active", ESSENTIAL_PRICE))).statusCode(200)
                .body("outcome", equalTo("pending"));
        // Since then the subscription was cancelled; the checkout that names the user comes last.
        StripeStub.holds(subscription(subscriptionId, customer, null, "canceled", ESSENTIAL_PRICE));
        deliver(event("checkout.session.completed", t0 + 1,
                FIXTURES.checkoutSession(newId("cs_"), customer, null, user))).statusCode(200)
                .body("outcome", equalTo("applied"));
        assertEquals("essential/canceled/" + subscriptionId, Ledger.row(user)
                .map(r -> r.plan() + "/" + r.status() + "/" + r.subscription()).orElseThrow());
        assertEquals(java.util.List.of(), StripeStub.violations());
    }

    @Test
    void withStripeReachableTheSubscriptionIsAppliedAsStripeHoldsItNow() {
        StripeStub.holds(subscription(subscriptionId, customer, user, "active", FAMILY_ARCHIVE_PRICE));
        // A late event still says trialing on essential; Stripe says otherwise now.
        deliver(event("customer.subscription.created", t0,
                subscription(subscriptionId, customer, user, "trialing", ESSENTIAL_PRICE))).statusCode(200);
        assertEquals("family_archive/active", Ledger.row(user).map(r -> r.plan() + "/" + r.status()).orElseThrow());

        // An invoice carries no state of the subscription; Stripe's current one is applied.
        StripeStub.holds(subscription(subscriptionId, customer, user, "past_due", FAMILY_ARCHIVE_PRICE));
        deliver(event("invoice.payment_failed", t0 + 1,
                FIXTURES.invoice(newId("in_"), customer, subscriptionId, user, "open"))).statusCode(200);
        assertEquals("past_due", Ledger.row(user).orElseThrow().status());
        assertEquals(2, Ledger.changes(user).size());
        assertEquals(java.util.List.of(), StripeStub.violations());
    }

    @ParameterizedTest
    @CsvSource({ "unpaid", "paused", "incomplete" })
    void anotherSubscriptionThatGrantsNothingDoesNotReplaceTheRunningOne(String stripeStatus) {
        String other = newId("sub_");
        ObjectNode running = subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE);
        deliver(event("customer.subscription.created", t0, running)).statusCode(200);
        // Without Stripe: the event's own object decides.
        deliver(event("customer.subscription.created", t0 + 10,
                subscription(other, customer, user, stripeStatus, ESSENTIAL_PRICE))).statusCode(200);
        assertEquals("essential/active/" + subscriptionId, Ledger.row(user)
                .map(r -> r.plan() + "/" + r.status() + "/" + r.subscription()).orElseThrow());

        // With Stripe: the customer's subscriptions are read, and the granting one is what the user holds.
        StripeStub.holds(running);
        StripeStub.holds(subscription(other, customer, user, stripeStatus, FAMILY_ARCHIVE_PRICE));
        deliver(event("customer.subscription.updated", t0 + 20,
                subscription(other, customer, user, stripeStatus, FAMILY_ARCHIVE_PRICE))).statusCode(200);
        assertEquals("essential/active/" + subscriptionId, Ledger.row(user)
                .map(r -> r.plan() + "/" + r.status() + "/" + r.subscription()).orElseThrow());
        assertEquals(java.util.List.of(), StripeStub.violations());
    }

    @Test
    void aLateEventOfACancelledSubscriptionNeverRevivesIt() {
        String older = newId("sub_");
        deliver(event("customer.subscription.created", t0,
                subscription(older, customer, user, "active", ESSENTIAL_PRICE))).statusCode(200);
        deliver(event("customer.subscription.deleted", t0 + 5,
                subscription(older, customer, user, "canceled", ESSENTIAL_PRICE))).statusCode(200);
        deliver(event("customer.subscription.created", t0 + 10,
                subscription(subscriptionId, customer, user, "active", FAMILY_ARCHIVE_PRICE))).statusCode(200);
        deliver(event("customer.subscription.deleted", t0 + 15,
                subscription(subscriptionId, customer, user, "canceled", FAMILY_ARCHIVE_PRICE))).statusCode(200);
        // The older subscription's update, sent before its cancellation, arrives last.
        deliver(event("customer.subscription.updated", t0 + 3,
                subscription(older, customer, user, "past_due", ESSENTIAL_PRICE))).statusCode(200);
        assertEquals("family_archive/canceled/" + subscriptionId, Ledger.row(user)
                .map(r -> r.plan() + "/" + r.status() + "/" + r.subscription()).orElseThrow());
    }

    @Test
    void aSubscriptionStripeSaysIsGoneIsNotAppliedFromTheEvent() {
        StripeStub.gone(subscriptionId);
        deliver(event("customer.subscription.created", t0,
                subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE))).statusCode(200);
        assertTrue(Ledger.row(user).map(r -> r.subscription() == null && "free".equals(r.plan())).orElse(true),
                "nothing of the gone subscription is applied");
        assertTrue(Ledger.changes(user).isEmpty());
    }

    @Test
    void lateCancellationOfAnOlderSubscriptionDoesNotEndTheCurrentOne() {
        String older = newId("sub_");
        deliver(event("customer.subscription.created", t0,
                subscription(older, customer, user, "active", ESSENTIAL_PRICE))).statusCode(200);
        deliver(event("customer.subscription.created", t0 + 10,
                subscription(subscriptionId, customer, user, "active", FAMILY_ARCHIVE_PRICE))).statusCode(200);
        deliver(event("customer.subscription.deleted", t0 + 20,
                subscription(older, customer, user, "canceled", ESSENTIAL_PRICE))).statusCode(200);
        Ledger.Row row = Ledger.row(user).orElseThrow();
        assertEquals("family_archive/active/" + subscriptionId, row.plan() + "/" + row.status() + "/"
                + row.subscription());
    }
}
