package app.essence.billing.local;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** {@code ./essence stripe-event} refuses what it cannot send as asked, naming what it takes. */
class StripeEventSenderTests {
    private static final UUID USER = UUID.randomUUID();

    @Test
    void anUnknownPlanIsRefusedNotSentWithAPriceNobodySells() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> StripeEventSender.payload("customer.subscription.created", USER, "platinum", Instant.now()));
        assertTrue(refused.getMessage().contains("unknown plan platinum; one of essential, family_archive"),
                refused.getMessage());
    }

    @Test
    void anUnknownTypeIsRefusedNamingTheTypesItSends() {
        var refused = assertThrows(IllegalArgumentException.class,
                () -> StripeEventSender.payload("customer.created", USER, "essential", Instant.now()));
        assertTrue(refused.getMessage().startsWith("unknown event type customer.created; one of "),
                refused.getMessage());
    }

    @Test
    void aKnownTypeAndPlanMakeAnEventOfThatPlansLocalPrice() {
        assertTrue(StripeEventSender.payload("customer.subscription.created", USER, "family_archive", Instant.now())
                .contains("price_local_family_archive"));
    }
}
