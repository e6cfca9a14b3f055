package app.essence.billing;

import static app.essence.billing.Webhooks.ESSENTIAL_PRICE;
import static app.essence.billing.Webhooks.deliver;
import static app.essence.billing.Webhooks.event;
import static app.essence.billing.Webhooks.newId;
import static app.essence.billing.Webhooks.subscription;

import app.essence.testing.RowSecurityContract;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Row-level security on billing-service's owned table (docs/architecture.md, "Row-level security"). */
@QuarkusTest
class RowSecurityTests {
    @Test
    void ownedRowsAreSeenOnlyUnderTheirUsersIdOrTheSystemContext() throws Exception {
        UUID user = UUID.randomUUID();
        subscribe(user);
        subscribe(UUID.randomUUID());

        RowSecurityContract.check(Ledger.DATABASE, Map.of("subscriptions", "user_id"), user);
    }

    private static void subscribe(UUID user) {
        deliver(event("customer.subscription.created", Instant.now().getEpochSecond() - 60,
                subscription(newId("sub_"), newId("cus_"), user, "active", ESSENTIAL_PRICE))).statusCode(200);
    }
}
