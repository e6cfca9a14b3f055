package app.essence.billing;

import static app.essence.billing.Webhooks.ESSENTIAL_PRICE;
import static app.essence.billing.Webhooks.FIXTURES;
import static app.essence.billing.Webhooks.deliver;
import static app.essence.billing.Webhooks.newId;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The property of docs/billing.md, "Order": whatever order Stripe delivers one subscription's lifecycle in, with
 * redeliveries anywhere, the subscription ends in the state of Stripe's last object, and every SubscriptionChanged
 * in the outbox is a real change, in Stripe's order (so none is announced twice and none rolls back). In the first
 * two Stripe is not asked (the stub does not know these subscriptions): the events' own times and states decide; in
 * the third the stub answers Stripe's current object, as Stripe would.
 */
@QuarkusTest
class WebhookOrderingPropertyTests {
    /** Fixed, so a failure names an ordering that can be replayed; each trial prints its own. */
    private static final long SEED = 20261202L;
    private static final int TRIALS = 40;

    /** One delivery: its payload (one event id each) and, for a subscription event, the terms it describes. */
    record Step(String payload, String terms, ObjectNode object) {
    }

    @Test
    void inOrderDeliveryAnnouncesEveryChangeOnce() {
        UUID user = UUID.randomUUID();
        List<Step> lifecycle = lifecycle(user, true, 1);
        lifecycle.forEach(step -> deliver(step.payload()).statusCode(200));
        List<String> distinct = lifecycle.stream().map(Step::terms).filter(t -> t != null).toList();
        assertEquals(distinct, Ledger.changes(user).stream().map(Ledger::terms).toList());
    }

    @Test
    void everyOrderingWithRedeliveriesEndsInStripesLastStateAndAnnouncesEachRealChangeOnce() {
        Random random = new Random(SEED);
        for (int trial = 0; trial < TRIALS; trial++) {
            UUID user = UUID.randomUUID();
            List<Step> lifecycle = lifecycle(user, random.nextBoolean(), 1);
            List<Integer> order = new ArrayList<>(IntStream.range(0, lifecycle.size()).boxed().toList());
            Collections.shuffle(order, random);
            for (int copies = random.nextInt(4); copies > 0; copies--) {
                order.add(random.nextInt(order.size() + 1), order.get(random.nextInt(order.size())));
            }
            String described = "trial " + trial + " (seed " + SEED + "), delivery order " + order;
            order.forEach(i -> deliver(lifecycle.get(i).payload()).statusCode(200));

            List<String> states = lifecycle.stream().map(Step::terms).filter(t -> t != null).toList();
            String last = states.get(states.size() - 1);
            assertEquals(last, Ledger.row(user).orElseThrow().terms(), described);
            List<String> announced = Ledger.changes(user).stream().map(Ledger::terms).toList();
            assertEquals(last, announced.get(announced.size() - 1), described);
            int previous = -1;
            for (String terms : announced) {
                int index = states.indexOf(terms);
                assertTrue(index > previous, described + ": announced " + announced + " out of Stripe's order "
                        + states);
                previous = index;
            }
            for (int i = 1; i < announced.size(); i++) {
                assertNotEquals(announced.get(i - 1), announced.get(i), described);
            }
        }
    }

    /**
     * With a Stripe key the subscription is read from Stripe, which answers its current object (the lifecycle's
     * last); every event here is of the same second, so only that read can order them. However they arrive, the
     * row holds Stripe's current state and exactly one SubscriptionChanged announces it.
     */
    @Test
    void withStripesReadEveryOrderingOfSameSecondEventsAnnouncesStripesCurrentStateOnce() {
        Random random = new Random(SEED + 1);
        for (int trial = 0; trial < TRIALS / 4; trial++) {
            UUID user = UUID.randomUUID();
            List<Step> lifecycle = lifecycle(user, random.nextBoolean(), 0);
            List<Step> states = lifecycle.stream().filter(step -> step.terms() != null).toList();
            StripeStub.holds(states.get(states.size() - 1).object().deepCopy());
            List<Integer> order = new ArrayList<>(IntStream.range(0, lifecycle.size()).boxed().toList());
            Collections.shuffle(order, random);
            for (int copies = random.nextInt(4); copies > 0; copies--) {
                order.add(random.nextInt(order.size() + 1), order.get(random.nextInt(order.size())));
            }
            String described = "trial " + trial + " (seed " + (SEED + 1) + "), delivery order " + order;
            order.forEach(i -> deliver(lifecycle.get(i).payload()).statusCode(200));

            String last = states.get(states.size() - 1).terms();
            assertEquals(last, Ledger.row(user).orElseThrow().terms(), described);
            assertEquals(List.of(last), Ledger.changes(user).stream().map(Ledger::terms).toList(), described);
        }
        assertEquals(List.of(), StripeStub.violations());
    }

    /**
     * One subscription from trial to (optionally) deletion, one second apart: created (trialing), updated (active),
     * a failed invoice, updated (past_due), a paid invoice, renewed (next period), set to cancel at period end,
     * deleted, {@code gap} seconds apart. Every subscription state differs from the others.
     */
    private static List<Step> lifecycle(UUID user, boolean deleted, int gap) {
        String subscription = newId("sub_");
        String customer = newId("cus_");
        long t = Instant.now().getEpochSecond() - 7200;
        long p1 = t + 30L * 86400;
        long p2 = p1 + 30L * 86400;
        List<Step> steps = new ArrayList<>();
        steps.add(state("customer.subscription.created", t, subscription, customer, user, "trialing", p1, false));
        steps.add(state("customer.subscription.updated", t + 1 * gap, subscription, customer, user, "active", p1,
                false));
        steps.add(new Step(Webhooks.FIXTURES.event(newId("evt_"), "invoice.payment_failed", t + 2 * gap,
                FIXTURES.invoice(newId("in_"), customer, subscription, user, "open")), null, null));
        steps.add(state("customer.subscription.updated", t + 3 * gap, subscription, customer, user, "past_due", p1,
                false));
        steps.add(new Step(Webhooks.FIXTURES.event(newId("evt_"), "invoice.paid", t + 4 * gap,
                FIXTURES.invoice(newId("in_"), customer, subscription, user, "paid")), null, null));
        steps.add(state("customer.subscription.updated", t + 5 * gap, subscription, customer, user, "active", p2,
                false));
        steps.add(state("customer.subscription.updated", t + 6 * gap, subscription, customer, user, "active", p2,
                true));
        if (deleted) {
            steps.add(state("customer.subscription.deleted", t + 7 * gap, subscription, customer, user,
                    "canceled", p2, true));
        }
        return steps;
    }

    private static Step state(String type, long created, String subscription, String customer, UUID user,
            String status, long periodEnd, boolean cancelAtPeriodEnd) {
        ObjectNode object = FIXTURES.subscription(subscription, customer, user, status, ESSENTIAL_PRICE, periodEnd,
                cancelAtPeriodEnd);
        String terms = "essential/" + ("canceled".equals(status) ? "canceled" : status) + "/"
                + Instant.ofEpochSecond(periodEnd) + "/" + cancelAtPeriodEnd;
        return new Step(Webhooks.FIXTURES.event(newId("evt_"), type, created, object), terms, object);
    }
}
