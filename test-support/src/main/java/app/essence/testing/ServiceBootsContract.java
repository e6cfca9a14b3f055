package app.essence.testing;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.awaitility.Awaitility.await;

import app.essence.common.events.EventType;
import app.essence.common.inbox.EventHandler;
import io.quarkus.arc.Arc;
import jakarta.enterprise.util.TypeLiteral;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
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

    /**
     * The providers the service calls, by the name its calls carry in {@code essence_provider_calls_seconds}
     * (docs/deploy.md, "Metrics"); none for a service that calls no provider.
     */
    protected abstract Set<String> providers();

    /**
     * {@code /q/metrics} carries what operators watch (docs/deploy.md, "Metrics"): requests, the outbox, each handled
     * event type's inbox and dead-letter counts, the dead-letter backlog and every provider's calls, each series there
     * from the start, before a first event or call.
     */
    @Test
    void metricsCarryRequestOutboxInboxDeadLetterAndProviderFigures() {
        given().when().get("/v1/nothing-here").then().statusCode(404);
        String metrics = given().when().get("/q/metrics").then().statusCode(200).extract().asString();
        String service = "service=\"" + service() + "\"";
        List<String> missing = new ArrayList<>();
        require(metrics, "http_server_requests_seconds_count", List.of("status=\"404\""), missing);
        require(metrics, "essence_outbox_published_total", List.of(service), missing);
        require(metrics, "essence_outbox_publish_failures_total", List.of(service), missing);
        require(metrics, "essence_inbox_dead_letters_pending", List.of(service), missing);
        for (String type : handlers().stream().map(h -> EventType.ofDataClass(h.eventClass()).typeName()).toList()) {
            String eventType = "event_type=\"" + type + "\"";
            require(metrics, "essence_inbox_events_total", List.of(service, eventType, "outcome=\"applied\""), missing);
            require(metrics, "essence_inbox_dead_letters_total", List.of(service, eventType), missing);
        }
        for (String provider : providers()) {
            for (String outcome : List.of("success", "failure", "timeout")) {
                require(metrics, "essence_provider_calls_seconds_count",
                        List.of(service, "provider=\"" + provider + "\"", "outcome=\"" + outcome + "\""), missing);
            }
        }
        assertEquals(List.of(), missing, "series missing from /q/metrics");
    }

    /** A sample of the metric whose labels include all of these. */
    private static void require(String metrics, String name, List<String> labels, List<String> missing) {
        boolean found = metrics.lines().anyMatch(line -> line.startsWith(name + "{")
                && labels.stream().allMatch(line::contains));
        if (!found) {
            missing.add(name + labels);
        }
    }

    @Test
    void unknownPathAnswersProblem() {
        given().when().get("/v1/nothing-here").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    /**
     * A service subscribes to exactly the topics it has handlers for, and to none while it has none: a consumer
     * without a handler would move the service's group past events it will need later. Checked in its
     * configuration and on the broker, where its consumer group holds exactly those topics (or has no member).
     */
    @Test
    void subscribesToExactlyTheTopicsItHandles() throws Exception {
        Set<String> handled = handledTopics();
        assertEquals(handled, subscribedTopics(), "topics " + service() + " subscribes to and has handlers for");
        String bootstrap = ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            // A subscribing service joins its group moments after start-up: wait for it, never past the timeout.
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertEquals(handled, assignedTopics(admin), "topics the broker assigns to "
                            + service() + "'s consumer group"));
        }
    }

    /**
     * docs/events.md lists, per event type, each consumer as {@code service: effect}. This service's entries must be
     * exactly its handlers, quoting their {@link EventHandler#effect()}, and the topics it lists the service under
     * exactly those it subscribes to.
     */
    @Test
    void consumesExactlyTheEventsDocumented() throws IOException {
        String service = service();
        Set<String> subscribed = subscribedTopics();
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
        Set<String> handled = handlers().stream().map(handler -> EventType.ofDataClass(handler.eventClass())
                .typeName() + " -> " + service + ": " + handler.effect()).collect(Collectors.toSet());
        assertEquals(handled, documented, "docs/events.md and the handlers of " + service);
    }

    private static String service() {
        return ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
    }

    private static List<EventHandler<?>> handlers() {
        List<EventHandler<?>> handlers = new ArrayList<>();
        Arc.container().select(new TypeLiteral<EventHandler<?>>() {
        }).forEach(handlers::add);
        return handlers;
    }

    private static Set<String> handledTopics() {
        return handlers().stream().map(handler -> EventType.ofDataClass(handler.eventClass()).topic())
                .collect(Collectors.toSet());
    }

    /** The inbox channel's topics, none when the channel is disabled. */
    private static Set<String> subscribedTopics() {
        var config = ConfigProvider.getConfig();
        if (!config.getOptionalValue("mp.messaging.incoming.essence-inbox.enabled", Boolean.class).orElse(true)) {
            return Set.of();
        }
        return Arrays.stream(config.getOptionalValue("mp.messaging.incoming.essence-inbox.topics", String.class)
                .orElse("").split(",")).map(String::trim).filter(topic -> !topic.isEmpty())
                .collect(Collectors.toSet());
    }

    private static Set<String> assignedTopics(Admin admin) throws Exception {
        String group = ConfigProvider.getConfig().getValue("mp.messaging.incoming.essence-inbox.group.id",
                String.class);
        try {
            return admin.describeConsumerGroups(List.of(group)).all().get().get(group).members().stream()
                    .flatMap(member -> member.assignment().topicPartitions().stream())
                    .map(TopicPartition::topic).collect(Collectors.toSet());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Set.of(); // never joined: no consumer at all
            }
            throw e;
        }
    }
}
