package app.essence.billing.subscription;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The rule that decides whether a Stripe state is newer than the one a row holds (docs/billing.md, "Order"). */
class SubscriptionOrderTests {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void aLaterStateWinsAnEarlierOneNever() {
        Subscription row = row("sub_a", T, 2);
        assertTrue(SubscriptionLedger.supersedes(row, snapshot("sub_a", T.plusSeconds(1), 1)));
        assertFalse(SubscriptionLedger.supersedes(row, snapshot("sub_a", T.minusSeconds(1), 3)));
    }

    @Test
    void inTheSameSecondTheStateFurtherAlongWinsAndATieGoesToTheLaterDelivery() {
        Subscription row = row("sub_a", T, 2);
        assertTrue(SubscriptionLedger.supersedes(row, snapshot("sub_a", T, 3)));
        assertTrue(SubscriptionLedger.supersedes(row, snapshot("sub_a", T, 2)));
        assertFalse(SubscriptionLedger.supersedes(row, snapshot("sub_a", T, 1)));
    }

    @Test
    void aCancelledSubscriptionNeverComesBack() {
        Subscription row = row("sub_a", T, StripeSnapshot.TERMINAL_RANK);
        assertFalse(SubscriptionLedger.supersedes(row, snapshot("sub_a", T.plusSeconds(60), 2)));
    }

    @Test
    void anotherSubscriptionReplacesAFinishedOneButALateCancellationOfAnOldOneEndsNothing() {
        assertTrue(SubscriptionLedger.supersedes(row("sub_old", T, StripeSnapshot.TERMINAL_RANK),
                snapshot("sub_new", T.minusSeconds(5), 2)));
        assertTrue(SubscriptionLedger.supersedes(row("sub_old", T, 2), snapshot("sub_new", T.plusSeconds(5), 2)));
        assertFalse(SubscriptionLedger.supersedes(row("sub_new", T, 2),
                snapshot("sub_old", T.plusSeconds(5), StripeSnapshot.TERMINAL_RANK)));
    }

    @Test
    void anotherSubscriptionThatGrantsNothingNeverReplacesOneThatGrantsAPlan() {
        Subscription granting = row("sub_a", T, 2);
        granting.plan = "essential";
        for (SubscriptionTerms nothing : java.util.List.of(SubscriptionTerms.FREE,
                new SubscriptionTerms("essential", "canceled", null, false))) {
            assertFalse(SubscriptionLedger.supersedes(granting, snapshot("sub_b", T.plusSeconds(60), 2, nothing)),
                    nothing.toString());
        }
        assertTrue(SubscriptionLedger.supersedes(granting, snapshot("sub_b", T.plusSeconds(60), 2,
                new SubscriptionTerms("family_archive", "active", null, false))));
    }

    @Test
    void aRowStripeNeverDescribedTakesAnyState() {
        Subscription row = new Subscription();
        assertTrue(SubscriptionLedger.supersedes(row, snapshot("sub_a", T, 0)));
    }

    private static Subscription row(String subscriptionId, Instant asOf, int rank) {
        Subscription row = new Subscription();
        row.stripeSubscriptionId = subscriptionId;
        row.stripeStateAsOf = asOf;
        row.stripeStateRank = (short) rank;
        row.plan = "free";
        row.status = "active";
        return row;
    }

    private static StripeSnapshot snapshot(String subscriptionId, Instant asOf, int rank) {
        return snapshot(subscriptionId, asOf, rank, SubscriptionTerms.FREE);
    }

    private static StripeSnapshot snapshot(String subscriptionId, Instant asOf, int rank, SubscriptionTerms terms) {
        return new StripeSnapshot(subscriptionId, "cus_a", "price_a", Optional.empty(), terms, asOf, rank);
    }
}
