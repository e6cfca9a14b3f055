package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static app.essence.profiles.Api.createProfile;
import static app.essence.testing.KafkaTestClient.publish;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.common.events.BillingEvents.SubscriptionChanged;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The user's plan, known from SubscriptionChanged, limits how many profiles they may have (docs/design.md §8). */
@QuarkusTest
class PlanLimitTests {
    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");

    @Test
    void aFreeUserHasOneProfileAndTheRefusalNamesTheLimitAndThePlanThatLiftsIt() {
        UUID user = UUID.randomUUID();
        createProfile(user, "First");
        refused(user).then()
                .contentType("application/problem+json")
                .body("type", equalTo("https://essence.app/problems/plan-limit/profiles"))
                .body("status", equalTo(402))
                .body("required_plan", equalTo("essential"))
                .body("detail", equalTo("The free plan allows 1 voice profile. The essential plan allows 3 voice profiles."));
        as(user).get("/v1/profiles").then().body("items", hasSize(1));
    }

    @Test
    void aPaidPlanLiftsTheLimitAndALapsedOneKeepsWhatExistsButAddsNothing() {
        UUID user = UUID.randomUUID();
        createProfile(user, "First");
        publish(new SubscriptionChanged(user, "essential", "active", T0.plus(Duration.ofDays(30)), false, at(1)));
        awaitCreated(user, "Second");
        createProfile(user, "Third");
        refused(user).then().statusCode(402).body("required_plan", equalTo("family_archive"));

        publish(new SubscriptionChanged(user, "essential", "canceled", T0.plus(Duration.ofDays(30)), false, at(2)));
        await().atMost(Duration.ofSeconds(20)).until(() -> refused(user).statusCode() == 402
                && "essential".equals(refused(user).path("required_plan")));
        // Nothing is deleted when a plan lapses.
        as(user).get("/v1/profiles").then().body("items", hasSize(3));
    }

    @Test
    void pastDueKeepsThePlanUntilItsPeriodEndsAndAnOlderEventNeverRollsItBack() {
        UUID user = UUID.randomUUID();
        createProfile(user, "First");
        Instant periodEnd = Instant.now().plus(Duration.ofDays(3));
        publish(new SubscriptionChanged(user, "essential", "past_due", periodEnd, false, at(10)));
        awaitCreated(user, "Second");
        // Arrives later but happened before: once consumed, the plan is still essential (a third profile fits).
        UUID late = publish(new SubscriptionChanged(user, "free", "canceled", null, false, at(5))).id();
        await().atMost(Duration.ofSeconds(20)).until(() -> consumed(late));
        createProfile(user, "Third");

        UUID lapsed = UUID.randomUUID();
        createProfile(lapsed, "First");
        publish(new SubscriptionChanged(lapsed, "essential", "active", null, false, at(10)));
        awaitCreated(lapsed, "Second");
        // Past due with its paid period over: back to free, so a third profile is refused (two remain).
        publish(new SubscriptionChanged(lapsed, "essential", "past_due", Instant.now().minusSeconds(60), false, at(11)));
        await().atMost(Duration.ofSeconds(20)).until(() -> refused(lapsed).statusCode() == 402);
        as(lapsed).get("/v1/profiles").then().body("items", hasSize(2));
    }

    @Test
    void profilesCreatedAtOnceNeverExceedThePlan() {
        UUID user = UUID.randomUUID();
        List<CompletableFuture<Integer>> calls = IntStream.range(0, 6)
                .mapToObj(i -> CompletableFuture.supplyAsync(() -> as(user)
                        .body(Map.of("name", "Racer " + i, "relation", "father")).post("/v1/profiles").statusCode()))
                .toList();
        List<Integer> statuses = calls.stream().map(CompletableFuture::join).sorted().toList();
        assertEquals(List.of(201, 402, 402, 402, 402, 402), statuses);
        as(user).get("/v1/profiles").then().body("items", hasSize(1));
    }

    /** Whether profiles-service's inbox has taken the event (its id is recorded with the event's effect). */
    private static boolean consumed(UUID eventId) throws java.sql.SQLException {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        try (var connection = java.sql.DriverManager.getConnection(url, "postgres", "");
                var query = connection.prepareStatement("select 1 from inbox_events where event_id = ?")) {
            query.setObject(1, eventId);
            return query.executeQuery().next();
        }
    }

    private static Response refused(UUID user) {
        return as(user).body(Map.of("name", "One too many", "relation", "friend")).post("/v1/profiles");
    }

    private static void awaitCreated(UUID user, String name) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> as(user)
                .body(Map.of("name", name, "relation", "sister")).post("/v1/profiles").statusCode() == 201);
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }
}
