package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static app.essence.profiles.Api.createProfile;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.EventType;
import app.essence.common.events.ProfileEvents.ProfileCreated;
import app.essence.common.outbox.Outbox;
import app.essence.common.outbox.OutboxRelay;
import app.essence.common.time.DbTime;
import app.essence.testing.KafkaResource;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.PostgresResource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
class OutboxTests {
    private static final String TOPIC = EventType.Topics.PROFILES;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    Outbox outbox;

    @Inject
    OutboxRelay relay;

    @Test
    void createdProfileIsPublishedOnceAfterCommitAsACloudEvent() throws Exception {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Published once");
        assertEquals(1, recordsFor(KafkaTestClient.read(TOPIC, Duration.ofSeconds(10),
                r -> !recordsFor(r, id).isEmpty()), id).size());
        // Three more polls finish: at least two whole ones ran after it was published; a second copy would show.
        long polls = relay.pollsCompleted();
        await().atMost(Duration.ofSeconds(10)).until(() -> relay.pollsCompleted() >= polls + 3);
        List<ConsumerRecord<String, String>> records = recordsFor(
                KafkaTestClient.read(TOPIC, Duration.ofSeconds(3), r -> false), id);
        assertEquals(1, records.size());
        ConsumerRecord<String, String> record = records.get(0);
        assertEquals(id, record.key());
        JsonNode event = JSON.readTree(record.value());
        assertEquals("1.0", event.get("specversion").asText());
        assertEquals("essence.profile.created.v2", event.get("type").asText());
        assertEquals("/essence/profiles-service", event.get("source").asText());
        assertEquals(id, event.get("subject").asText());
        assertEquals(user.toString(), event.get("data").get("user_id").asText());
        // Ids only: Kafka keeps its records for good, and a profile's name and relation are personal.
        assertEquals(List.of("occurred_at", "profile_id", "user_id"),
                java.util.stream.StreamSupport.stream(((Iterable<String>) () -> event.get("data").fieldNames())
                        .spliterator(), false).sorted().toList());
        assertEquals("application/cloudevents+json",
                new String(record.headers().lastHeader("content-type").value()));
        assertEquals(0, count("select count(*) from outbox_events where published_at is null and event_key = '"
                + id + "'"));
    }

    @Test
    void nothingIsPublishedWhenTheTransactionRollsBack() throws Throwable {
        UUID rolledBack = UUID.randomUUID();
        assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> outbox.add(created(rolledBack))
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("the change failed"))))));
        UUID sentinel = UUID.randomUUID();
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.add(created(sentinel))));

        List<ConsumerRecord<String, String>> all = KafkaTestClient.read(TOPIC, Duration.ofSeconds(30),
                r -> r.stream().anyMatch(x -> sentinel.toString().equals(x.key())));
        assertEquals(1, recordsFor(all, sentinel.toString()).size());
        assertEquals(0, recordsFor(all, rolledBack.toString()).size());
        assertEquals(0, rowsFor(rolledBack));
    }

    @Test
    void eventsOfOneProfileArriveInTheOrderTheyHappened() {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "v0");
        for (int i = 1; i <= 5; i++) {
            as(user).body(Map.of("name", "v" + i)).patch("/v1/profiles/" + id).then().statusCode(200);
        }
        List<JsonNode> events = awaitRecords(id, 6).stream().map(r -> readTree(r.value())).toList();
        assertEquals(List.of("created", "updated", "updated", "updated", "updated", "updated"), events.stream()
                .map(event -> event.get("type").asText().split("\\.")[2]).toList());
        List<Instant> times = events.stream().map(event -> Instant.parse(event.get("time").asText())).toList();
        assertEquals(times.stream().sorted().distinct().toList(), times);
    }

    @Test
    void eventsWaitWhileTheBrokerIsDownAndArriveWhenItReturns() throws Exception {
        UUID user = UUID.randomUUID();
        KafkaResource.broker().stop();
        String id;
        try {
            id = createProfile(user, "Written during the outage");
            Thread.sleep(2000);
            assertTrue(rowsUnpublishedFor(UUID.fromString(id)));
        } finally {
            KafkaResource.broker().start();
        }
        List<ConsumerRecord<String, String>> records = awaitRecords(id, 1);
        assertEquals(1, records.size());
    }

    @Test
    void concurrentRelaysPublishEachEventOnceAndInOrder() throws Throwable {
        List<UUID> keys = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<UUID> markers = java.util.stream.Stream.generate(UUID::randomUUID).limit(60).toList();
        AtomicBoolean writing = new AtomicBoolean(true);
        List<CompletableFuture<Void>> relays = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            relays.add(CompletableFuture.runAsync(() -> {
                while (writing.get()) {
                    relay.drain().await().atMost(Duration.ofSeconds(30));
                }
            }));
        }
        try {
            for (int i = 0; i < 60; i++) {
                UUID key = keys.get(i % keys.size());
                // Each event's user id marks it, so the order can be checked.
                UUID marker = markers.get(i);
                VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> outbox.add(
                        new ProfileCreated(key, marker, DbTime.now()))));
            }
        } finally {
            writing.set(false);
        }
        CompletableFuture.allOf(relays.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        relay.requestDrain();
        for (int k = 0; k < keys.size(); k++) {
            int first = k;
            List<String> expected = java.util.stream.IntStream.range(0, 60).filter(i -> i % keys.size() == first)
                    .mapToObj(i -> markers.get(i).toString()).toList();
            List<String> marked = awaitRecords(keys.get(k).toString(), expected.size()).stream()
                    .map(r -> readTree(r.value()).get("data").get("user_id").asText()).toList();
            assertEquals(expected, marked);
        }
    }

    private static ProfileCreated created(UUID profileId) {
        return new ProfileCreated(profileId, UUID.randomUUID(), DbTime.now());
    }

    private static List<ConsumerRecord<String, String>> awaitRecords(String key, int count) {
        List<ConsumerRecord<String, String>> all = KafkaTestClient.read(TOPIC, Duration.ofSeconds(60),
                r -> recordsFor(r, key).size() >= count);
        List<ConsumerRecord<String, String>> mine = recordsFor(all, key);
        assertEquals(count, mine.size(), "events published for " + key);
        return mine;
    }

    private static List<ConsumerRecord<String, String>> recordsFor(List<ConsumerRecord<String, String>> records,
            String key) {
        return records.stream().filter(r -> key.equals(r.key())).toList();
    }

    private static JsonNode readTree(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int rowsFor(UUID key) throws Exception {
        return count("select count(*) from outbox_events where event_key = '" + key + "'");
    }

    private static boolean rowsUnpublishedFor(UUID key) throws Exception {
        return count("select count(*) from outbox_events where published_at is null and event_key = '" + key
                + "'") == 1;
    }

    private static int count(String sql) throws Exception {
        try (Connection db = PostgresResource.connect("essence_profiles_test");
                ResultSet rs = db.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
