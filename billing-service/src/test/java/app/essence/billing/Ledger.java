package app.essence.billing;

import app.essence.testing.PostgresResource;
import app.essence.testing.UserTraces;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** What billing-service's database holds, read as a test must: the subscription rows and the outbox. */
final class Ledger {
    static final String DATABASE = "essence_billing_test";
    private static final ObjectMapper JSON = new ObjectMapper();

    private Ledger() {
    }

    record Row(String plan, String status, Instant currentPeriodEnd, boolean cancelAtPeriodEnd, String customer,
            String subscription) {
        /** What SubscriptionChanged announces of it. */
        String terms() {
            return plan + "/" + status + "/" + currentPeriodEnd + "/" + cancelAtPeriodEnd;
        }
    }

    static Optional<Row> row(UUID user) {
        try (Connection db = PostgresResource.connect(DATABASE);
                PreparedStatement query = db.prepareStatement("select plan, status, current_period_end, "
                        + "cancel_at_period_end, stripe_customer_id, stripe_subscription_id from subscriptions "
                        + "where user_id = ?")) {
            query.setObject(1, user);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                Timestamp end = rows.getTimestamp(3);
                return Optional.of(new Row(rows.getString(1), rows.getString(2), end == null ? null : end.toInstant(),
                        rows.getBoolean(4), rows.getString(5), rows.getString(6)));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SubscriptionChanged events of the user in the outbox, in the order they were written ({@code data}). */
    static List<JsonNode> changes(UUID user) {
        List<JsonNode> changes = new ArrayList<>();
        try (Connection db = PostgresResource.connect(DATABASE);
                PreparedStatement query = db.prepareStatement("select payload from outbox_events where event_key = ? "
                        + "and event_type = 'essence.subscription.changed.v1' order by seq")) {
            query.setString(1, user.toString());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    changes.add(JSON.readTree(rows.getString(1)).get("data"));
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return changes;
    }

    /** The terms an event announced, in {@link Row#terms()}'s form. */
    static String terms(JsonNode change) {
        JsonNode end = change.get("current_period_end");
        return change.get("plan").asText() + "/" + change.get("status").asText() + "/"
                + (end == null || end.isNull() ? null : Instant.parse(end.asText())) + "/"
                + change.get("cancel_at_period_end").asBoolean();
    }

    static void execute(String sql) {
        try (Connection db = PostgresResource.connect(DATABASE)) {
            db.createStatement().execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    static long count(String sql) {
        try (Connection db = PostgresResource.connect(DATABASE);
                ResultSet rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What the database still holds of these ids, the record that the erasure happened aside. */
    static List<String> tracesExceptTheErasureRecord(String... ids) {
        try (Connection db = PostgresResource.connect(DATABASE)) {
            return UserTraces.of(db, List.of(ids)).stream().filter(trace -> !trace.recordsErasure())
                    .map(UserTraces.Trace::toString).toList();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The UserBillingErased events announced for the user (read until {@code atMost} came, or a moment longer). */
    static long erasureAnnouncements(UUID user, int atMost) {
        return app.essence.testing.KafkaTestClient.eventsOf(app.essence.common.events.EventType.Topics.BILLING,
                user.toString(), event -> event instanceof app.essence.common.events.BillingEvents.UserBillingErased,
                atMost).size();
    }
}
