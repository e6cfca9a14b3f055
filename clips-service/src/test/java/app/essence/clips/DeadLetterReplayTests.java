package app.essence.clips;

import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.EventCodec;
import app.essence.common.events.ProfileEvents.ProfileCreated;
import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.common.inbox.Inbox;
import app.essence.testing.ElevenLabsStub;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.LogLines;
import app.essence.testing.PostgresResource;
import app.essence.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An event that fails for a reason of its own (here the database refusing its change: not an outage) is retried a
 * bounded number of times, each retry logged, then dead-lettered with its reason and counted on /q/metrics; once
 * the cause is fixed, an operator's replay applies it, once, and a second replay starts where the first stopped.
 * /q/metrics shows the letters no replay has taken; a replay is bounded in time and runs once at a time.
 */
@QuarkusTest
class DeadLetterReplayTests {
    private static final String DEAD_LETTERS = "essence.dead-letter.clips-service";
    private static final String REPLAY = "/v1/operator/dead-letters/replay";

    @Inject
    Pool database;

    @BeforeEach
    void resetProvider() {
        ElevenLabsStub.reset();
    }

    @Test
    void aProfileDeletionThatFailedFourTimesIsReplayedOnceItsCauseIsFixed() throws IOException {
        UUID user = UUID.randomUUID();
        UUID profile = TrainingTests.readyProfile(user);
        TrainingTests.start(user, profile, TrainingTests.consent()).then().statusCode(202);
        String voiceId = TrainingTests.awaitState(user, profile, "ready").getString("voice_id");
        replay(); // what earlier tests left behind, so what is pending is this test's
        awaitPending(0);
        double deadLettersBefore = deadLetterCount();
        String folder = "training_clips/" + user + "/" + profile + "/";
        LogLines log = LogLines.of(Inbox.class);

        // The cause: the database refuses to schedule the removal of this profile's files (a check violation).
        String refusal = "refuses_" + profile.toString().replace("-", "");
        sql("alter table storage_removals add constraint " + refusal + " check (key not like '" + folder + "%')");
        try {
            String eventId = KafkaTestClient.publish(new ProfileDeleted(profile, user, voiceId, Instant.now())).id().toString();
            ConsumerRecord<String, String> deadLetter = KafkaTestClient.read(DEAD_LETTERS, Duration.ofSeconds(30),
                    records -> records.stream().anyMatch(r -> r.value().contains(eventId))).stream()
                    .filter(r -> r.value().contains(eventId)).findFirst().orElseThrow();
            String reason = new String(deadLetter.headers().lastHeader("dead-letter-reason").value(),
                    StandardCharsets.UTF_8);
            assertTrue(reason.contains(refusal) && reason.contains(eventId), reason);
            assertEquals(deadLettersBefore + 1, deadLetterCount());
            awaitPending(1);
            List<String> retries = log.lines().stream().filter(line -> line.contains(eventId) && line.contains("retrying")
                    && line.contains("essence.profile.deleted.v1") && line.contains(refusal)).toList();
            assertEquals(3, retries.size(), "three retries, each logged with the event and its cause: " + log.lines());
            // Nothing of the failed tries stayed: the profile, its clips and its voice are all still there.
            as(user).get(clipsOf(profile)).then().statusCode(200).body("recorded_count", equalTo(25));
            assertTrue(ElevenLabsStub.exists(voiceId));
        } finally {
            sql("alter table storage_removals drop constraint " + refusal);
        }
        JsonPath first = replay();
        assertEquals(1, first.getInt("replayed"), first.prettify());
        awaitPending(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> as(user).get(clipsOf(profile)).statusCode() == 404
                && !ElevenLabsStub.exists(voiceId) && filesUnder(Clips.STORAGE.resolve(folder)).isEmpty());

        // The replay remembered how far it got: a second one re-sends nothing.
        JsonPath second = replay();
        assertEquals(0, second.getInt("replayed"), second.prettify());
        assertEquals(0, second.getInt("already_applied"), second.prettify());
        assertEquals(List.of(voiceId), ElevenLabsStub.deleteRequests());
    }

    @Test
    void lettersItCannotApplyAreCountedApartAndNeverSentBack() {
        replay();
        KafkaTestClient.send(DEAD_LETTERS, null, "not an event");
        KafkaTestClient.send(DEAD_LETTERS, null, "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
                + "\",\"type\":\"essence.message.created.v1\",\"data\":{}}");
        awaitPending(2);
        JsonPath first = replay();
        assertEquals(List.of(0, 0, 1, 1, 0), counts(first), first.prettify());
        awaitPending(0);
        // The undecodable letter was skipped, not dead-lettered again: the next replay finds nothing.
        JsonPath second = replay();
        assertEquals(List.of(0, 0, 0, 0, 0), counts(second), second.prettify());
    }

    @Test
    void aReplayWhileAnotherHoldsTheLockAnswers409() {
        SqlConnection other = database.getConnectionAndAwait();
        try {
            other.query("select pg_advisory_lock(hashtext('clips-service.dead-letter-replay'))").executeAndAwait();
            given().auth().oauth2(TestTokens.operator(UUID.randomUUID())).post(REPLAY).then().statusCode(409)
                    .contentType("application/problem+json");
        } finally {
            other.query("select pg_advisory_unlock_all()").executeAndAwait();
            other.closeAndAwait();
        }
        replay();
    }

    /** The database blocks the inbox (a lock held); the replay answers 503 at its time limit (10 s here). */
    @Test
    void aReplayStopsAtItsTimeLimitAndTheNextOneGoesOn() {
        replay();
        awaitPending(0);
        KafkaTestClient.send(DEAD_LETTERS, null, EventCodec.encode(new ProfileCreated(UUID.randomUUID(),
                UUID.randomUUID(), Instant.now()), "/essence/test").json());
        awaitPending(1);
        SqlConnection blocker = database.getConnectionAndAwait();
        try {
            blocker.query("begin").executeAndAwait();
            blocker.query("lock table inbox_events in exclusive mode").executeAndAwait();
            long started = System.nanoTime();
            given().auth().oauth2(TestTokens.operator(UUID.randomUUID())).post(REPLAY).then().statusCode(503)
                    .contentType("application/problem+json");
            assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(20)) < 0);
            awaitPending(1);
        } finally {
            blocker.query("rollback").executeAndAwait();
            blocker.closeAndAwait();
        }
        JsonPath next = replay();
        assertEquals(1, next.getInt("replayed") + next.getInt("already_applied"), next.prettify());
        awaitPending(0);
    }

    @Test
    void onlyAnOperatorMayReplay() {
        given().post(REPLAY).then().statusCode(401);
        given().auth().oauth2(TestTokens.user(UUID.randomUUID())).post(REPLAY).then().statusCode(403)
                .contentType("application/problem+json");
    }

    /** DDL, so as the database's owner: the service's own role may not change its tables. */
    private static void sql(String statement) {
        try (Connection owner = PostgresResource.connect("essence_clips_test");
                Statement sql = owner.createStatement()) {
            sql.execute(statement);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static JsonPath replay() {
        return given().auth().oauth2(TestTokens.operator(UUID.randomUUID())).post(REPLAY).then().statusCode(200)
                .body("topic", equalTo(DEAD_LETTERS)).extract().jsonPath();
    }

    private static List<Integer> counts(JsonPath report) {
        return Stream.of("replayed", "already_applied", "not_handled", "undecodable", "dead_lettered_again")
                .map(report::getInt).toList();
    }

    /** The dead letters no replay has taken, as /q/metrics shows them to an alert (counted at each scrape). */
    private static void awaitPending(double expected) {
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200)).until(() -> {
            String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
            return metrics.lines().filter(line -> line.startsWith("essence_inbox_dead_letters_pending{")
                    && line.contains("service=\"clips-service\"")).mapToDouble(line ->
                    Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(-1) == expected;
        });
    }

    /** The dead-letter count of ProfileDeleted as /q/metrics shows it to an alert. */
    private static double deadLetterCount() {
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        return metrics.lines().filter(line -> line.startsWith("essence_inbox_dead_letters_total{")
                && line.contains("event_type=\"essence.profile.deleted.v1\"") && line.contains("service=\"clips-service\""))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst().orElseThrow(() -> new AssertionError("no dead-letter count for ProfileDeleted"));
    }

    private static List<Path> filesUnder(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }
}
