package app.essence.billing;

import static app.essence.billing.Webhooks.ESSENTIAL_PRICE;
import static app.essence.billing.Webhooks.SECRET;
import static app.essence.billing.Webhooks.deliver;
import static app.essence.billing.Webhooks.event;
import static app.essence.billing.Webhooks.newId;
import static app.essence.billing.Webhooks.subscription;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.billing.local.StripeFixtures;
import com.fasterxml.jackson.databind.node.ObjectNode;
import app.essence.testing.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Only what Stripe signed with the endpoint's secret, recently and over these very bytes, changes anything. */
@QuarkusTest
class WebhookSignatureTests {
    private static final String PROBLEM = "application/problem+json";

    private final UUID user = UUID.randomUUID();
    private final String payload = event("customer.subscription.created", Instant.now().getEpochSecond(),
            subscription(newId("sub_"), newId("cus_"), user, "active", ESSENTIAL_PRICE));
    private final long now = Instant.now().getEpochSecond();

    @Test
    void deliveryWithoutSignatureIsRefusedAndChangesNothing() {
        deliver(payload, null).statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://essence.app/problems/validation"));
        assertNothingChanged();
    }

    @Test
    void signatureWithAnotherSecretIsRefused() {
        deliver(payload, StripeFixtures.signature(payload, "whsec_not_ours", now)).statusCode(400).contentType(PROBLEM);
        assertNothingChanged();
    }

    @Test
    void signatureOlderThanTheToleranceIsRefused() {
        deliver(payload, StripeFixtures.signature(payload, SECRET, now - 301)).statusCode(400).contentType(PROBLEM);
        assertNothingChanged();
    }

    @Test
    void bodyAlteredByOneByteIsRefused() {
        String signature = StripeFixtures.signature(payload, SECRET, now);
        int at = payload.indexOf("\"active\"") + 1;
        String altered = payload.substring(0, at) + 'A' + payload.substring(at + 1);
        assertEquals(payload.length(), altered.length());
        deliver(altered, signature).statusCode(400).contentType(PROBLEM);
        assertNothingChanged();
    }

    @Test
    void twoSignaturesOfWhichOneIsValidAreAcceptedDuringASecretRoll() {
        String header = "t=" + now + ",v1=" + StripeFixtures.v1(payload, "whsec_the_old_secret", now) + ",v1="
                + StripeFixtures.v1(payload, SECRET, now);
        deliver(payload, header).statusCode(200).body("outcome", equalTo("applied"));
        assertEquals("essential", Ledger.row(user).orElseThrow().plan());
        assertEquals(1, Ledger.changes(user).size());
    }

    @Test
    void eventOfAnotherApiVersionIsNotReadButItsSubscriptionIsReadFromStripe() {
        String subscriptionId = newId("sub_");
        String customer = newId("cus_");
        StripeStub.holds(subscription(subscriptionId, customer, user, "active", ESSENTIAL_PRICE));
        // What the old version's object says is never applied: Stripe's answer at our version is.
        String older = Webhooks.FIXTURES.event(newId("evt_"), "customer.subscription.created", now,
                subscription(subscriptionId, customer, user, "trialing", Webhooks.FAMILY_ARCHIVE_PRICE),
                "2025-03-31.basil");
        deliver(older).statusCode(200).body("outcome", equalTo("applied"));
        assertEquals("essential/active", Ledger.row(user).map(r -> r.plan() + "/" + r.status()).orElseThrow());
        assertEquals(List.of(), StripeStub.violations());
    }

    @Test
    void eventOfAnotherApiVersionWhoseSubscriptionStripeDoesNotHaveChangesNothing() {
        String gone = newId("sub_");
        StripeStub.gone(gone);
        String older = Webhooks.FIXTURES.event(newId("evt_"), "customer.subscription.created", now,
                subscription(gone, newId("cus_"), user, "active", ESSENTIAL_PRICE), "2025-03-31.basil");
        deliver(older).statusCode(200).body("outcome", equalTo("ignored"));
        assertNothingChanged();
    }

    @Test
    void liveEventOnATestKeyIsRefused() {
        String live = Webhooks.FIXTURES.event(newId("evt_"), "customer.subscription.created", now,
                subscription(newId("sub_"), newId("cus_"), user, "active", ESSENTIAL_PRICE))
                .replace("\"livemode\":false", "\"livemode\":true");
        assertTrue(live.contains("\"livemode\":true"), "the fixture event names its mode");
        deliver(live).statusCode(400).contentType(PROBLEM)
                .body("type", equalTo("https://essence.app/problems/validation"));
        assertNothingChanged();
    }

    @Test
    void eventOfAnUnhandledTypeIsAcknowledgedAndIgnored() {
        String planCreated = Webhooks.FIXTURES.event(newId("evt_"), "plan.created", now,
                (ObjectNode) Webhooks.FIXTURES.resource("event").get("data").get("object"));
        deliver(planCreated).statusCode(200).body("outcome", equalTo("ignored"));
        assertNothingChanged();
    }

    @Test
    void bodyLargerThanTheLimitIsRefusedBeforeItIsRead() throws Exception {
        for (RawHttp.Answer answer : List.of(RawHttp.sendDeclared("POST", "/stripe/webhook", "none", 200_000),
                RawHttp.sendChunked("POST", "/stripe/webhook", "none", 200_000))) {
            assertEquals(413, answer.status());
            assertEquals("https://essence.app/problems/payload-too-large", answer.problemType());
        }
    }

    private void assertNothingChanged() {
        assertTrue(Ledger.row(user).isEmpty(), "no subscription row");
        assertTrue(Ledger.changes(user).isEmpty(), "no SubscriptionChanged");
        assertEquals(0, Ledger.count("select count(*) from stripe_pending_events where payload like '%" + user + "%'"));
    }
}
