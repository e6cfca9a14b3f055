package app.essence.billing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.billing.webhook.StripeEventRetention;
import app.essence.testing.PostgresResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import org.junit.jupiter.api.Test;

/** Taken Stripe event ids go after the retention, except those of events still kept for an unknown customer. */
@QuarkusTest
class StripeEventRetentionTests {
    @Inject
    StripeEventRetention retention;

    @Test
    void oldIdsGoRecentAndKeptOnesStay() throws Exception {
        String old = Webhooks.newId("evt_old_");
        String kept = Webhooks.newId("evt_kept_");
        String recent = Webhooks.newId("evt_recent_");
        try (Connection db = PostgresResource.connect(Ledger.DATABASE)) {
            db.createStatement().execute("insert into stripe_events (id, type, received_at) values "
                    + "('" + old + "', 'invoice.paid', now() - interval '31 days'), "
                    + "('" + kept + "', 'customer.subscription.created', now() - interval '31 days'), "
                    + "('" + recent + "', 'invoice.paid', now() - interval '29 days')");
            db.createStatement().execute("insert into stripe_pending_events (event_id, customer_id, created, payload) "
                    + "values ('" + kept + "', 'cus_unknown', now() - interval '31 days', '{}')");
        }
        retention.purge().await().indefinitely();
        assertEquals(0, Ledger.count("select count(*) from stripe_events where id = '" + old + "'"));
        assertEquals(1, Ledger.count("select count(*) from stripe_events where id = '" + kept + "'"));
        assertEquals(1, Ledger.count("select count(*) from stripe_events where id = '" + recent + "'"));
    }
}
