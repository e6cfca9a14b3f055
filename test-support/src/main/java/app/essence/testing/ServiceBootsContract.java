package app.essence.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.EventType;
import app.essence.common.inbox.EventHandler;
import io.quarkus.arc.Arc;
import jakarta.enterprise.util.TypeLiteral;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * What every service proves about itself: it is ready on a real database and broker, has migrated the shared
 * outbox and inbox, serves its operational endpoints, answers problems, and consumes exactly the events
 * docs/events.md says it does. A service's test extends it with
 * {@code @QuarkusTest}.
 */
public abstract class ServiceBootsContract {

    /** The test database of the service, as its {@code TestInfrastructure} names it. */
    protected abstract String database();

    @Test
    void reportsReadyWithDatabaseAndBroker() {
        given().when().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body("checks.name", hasItem("Database connections health check"))
                .body("checks.name", hasItem("SmallRye Reactive Messaging - readiness check"));
    }

    @Test
    void migratesTheSharedOutboxAndInbox() throws Exception {
        try (Connection db = PostgresResource.connect(database());
                ResultSet tables = db.createStatement().executeQuery(
                        "select count(*) from information_schema.tables where table_name in "
                                + "('outbox_events', 'inbox_events', 'flyway_schema_history')")) {
            tables.next();
            assertEquals(3, tables.getInt(1));
        }
    }

    @Test
    void servesMetricsAndOpenApi() {
        given().when().get("/q/metrics").then().statusCode(200);
        given().when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void unknownPathAnswersProblem() {
        given().when().get("/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    /**
     * docs/events.md lists, per event type, each consumer as {@code service: effect}. This service's entries must be
     * exactly its handlers, quoting their {@link EventHandler#effect()}, and it must subscribe to their topics.
     */
    @Test
    void consumesExactlyTheEventsDocumented() throws IOException {
        String service = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        Set<String> subscribed = Arrays.stream(ConfigProvider.getConfig()
                .getOptionalValue("mp.messaging.incoming.essence-inbox.topics", String.class).orElse("").split(","))
                .filter(topic -> !topic.isBlank()).collect(Collectors.toSet());
        List<String[]> rows = Files.readAllLines(Path.of("../docs/events.md")).stream()
                .filter(line -> line.startsWith("| `essence.")).map(line -> line.split(" \\| ")).toList();

        Set<String> documentedTopics = new HashSet<>();
        rows.stream().filter(cells -> cells.length == 3 && Arrays.asList(cells[2].replaceAll(" \\|$", "")
                .split(", ")).contains(service))
                .forEach(cells -> documentedTopics.add(cells[0].replace("| ", "").replace("`", "")));
        assertEquals(subscribed, documentedTopics, "topics " + service + " consumes, in docs/events.md and its configuration");

        Set<String> documented = new HashSet<>();
        for (String[] cells : rows.stream().filter(cells -> cells.length == 5).toList()) {
            String type = cells[0].replace("| ", "").replace("`", "");
            Arrays.stream(cells[4].replaceAll(" \\|$", "").split("; "))
                    .filter(entry -> entry.startsWith(service + ": "))
                    .forEach(entry -> documented.add(type + " -> " + entry));
        }
        Set<String> handled = new HashSet<>();
        for (EventHandler<?> handler : Arc.container().select(new TypeLiteral<EventHandler<?>>() {
        })) {
            EventType type = Arrays.stream(EventType.values()).filter(t -> t.dataClass() == handler.eventClass())
                    .findFirst().orElseThrow();
            handled.add(type.typeName() + " -> " + service + ": " + handler.effect());
            assertTrue(subscribed.contains(type.topic()), service + " handles " + type.typeName()
                    + " but does not subscribe to " + type.topic());
        }
        assertEquals(handled, documented, "docs/events.md and the handlers of " + service);
    }
}
