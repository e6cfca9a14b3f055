package app.essence.messages;

import static app.essence.messages.Messages.announcedProfile;
import static app.essence.messages.Messages.as;
import static app.essence.messages.Messages.draft;
import static app.essence.messages.Messages.message;
import static app.essence.messages.Messages.trainedVoice;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.common.events.BillingEvents.SubscriptionChanged;
import app.essence.common.events.EssenceEvent;
import app.essence.common.events.EventType;
import app.essence.common.events.MessageEvents.MessageFailed;
import app.essence.common.problem.ProblemType;
import app.essence.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Asking for speech: what is refused before anything starts (a spoken message, the month's allowance), and that no
 * message stays {@code generating} once its runs are lost. Runs are set up in the database as a crashed instance
 * would leave them, so the reaper is proved on its own.
 */
@QuarkusTest
class SynthesisRequestTests {

    @Test
    void theMonthsAllowanceCountsSynthesesThisMonthThatDidNotFailAndAPlanLiftsIt() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        trainedVoice(user, profile);
        String id = draft(user, profile);
        // The free plan speaks 3 messages a month: two this month (one of a deleted message), one that failed
        // (given back) and one last month (another month's).
        ZonedDateTime monthStart = ZonedDateTime.now(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate()
                .atStartOfDay(ZoneOffset.UTC);
        ledger(user, monthStart.plusSeconds(1).toInstant(), "ready");
        ledger(user, Instant.now(), null);
        ledger(user, Instant.now(), "failed");
        ledger(user, monthStart.minusSeconds(1).toInstant(), "ready");
        ledger(user, Instant.now(), "ready");

        as(user).post(message(id) + "/synthesize").then().statusCode(402).contentType("application/problem+json")
                .body("type", equalTo(ProblemType.PLAN_LIMIT_MESSAGES_PER_MONTH.uri()))
                .body("required_plan", equalTo("essential")).body("detail", containsString("3 spoken messages"));
        as(user).get(message(id)).then().body("status", equalTo("draft"));

        KafkaTestClient.publish(new SubscriptionChanged(user, "essential", "active",
                Instant.now().plus(Duration.ofDays(30)), false, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> as(user).post(message(id) + "/synthesize")
                .statusCode() == 202);
        as(user).get(message(id)).then().body("status", org.hamcrest.Matchers.oneOf("generating", "ready", "failed"));
    }

    @Test
    void askingAgainWhileSpeakingStartsNothingAndASpokenMessageIsNotSpokenAgain() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        trainedVoice(user, profile);
        String id = draft(user, profile);
        UUID messageId = UUID.fromString(id);
        Messages.update("update messages set status = 'generating', synthesis_id = gen_random_uuid(), "
                + "synthesis_runs = 1, synthesis_started_at = now(), "
                + "synthesis_lease_expires_at = now() + interval '1 hour' where id = ?", messageId);
        as(user).post(message(id) + "/synthesize").then().statusCode(202).body("status", equalTo("generating"));
        assertEquals(List.of("0"), Messages.row("select count(*) from message_syntheses where user_id = ?", user));
        as(user).body("{\"title\":\"Changed\"}").patch(message(id)).then().statusCode(409);

        Messages.update("update messages set status = 'ready', audio_storage_path = 'x' where id = ?", messageId);
        as(user).post(message(id) + "/synthesize").then().statusCode(409)
                .body("detail", containsString("spoken already"));
    }

    @Test
    void aSynthesisWhoseRunsKeepLosingTheirLeaseFailsWithAReasonAndAnEvent() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String interrupted = draft(user, profile);
        String late = draft(user, profile);
        UUID synthesis = UUID.randomUUID();
        ledger(user, Instant.now(), null, synthesis, UUID.fromString(interrupted));
        Messages.update("update messages set status = 'generating', synthesis_id = ?, synthesis_runs = 3, "
                + "synthesis_started_at = now(), synthesis_lease_expires_at = now() - interval '1 second' "
                + "where id = ?", synthesis, UUID.fromString(interrupted));
        Messages.update("update messages set status = 'generating', synthesis_id = gen_random_uuid(), "
                + "synthesis_runs = 1, synthesis_started_at = now() - interval '2 hours', "
                + "synthesis_lease_expires_at = now() - interval '1 second' where id = ?", UUID.fromString(late));

        await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(as(user).get(message(interrupted))
                .path("status")) && "failed".equals(as(user).get(message(late)).path("status")));
        as(user).get(message(interrupted)).then().body("error_code", equalTo("synthesis-interrupted"))
                .body("error_message", containsString("did not finish after several tries"))
                .body("provenance", nullValue());
        as(user).get(message(late)).then().body("error_code", equalTo("synthesis-timed-out"));
        assertEquals(List.of("failed"), Messages.row("select outcome from message_syntheses where id = ?",
                synthesis));

        List<EssenceEvent> failures = KafkaTestClient.eventsOf(EventType.Topics.MESSAGES, profile.toString(),
                event -> event instanceof MessageFailed, 2);
        assertEquals(2, failures.size());
        MessageFailed failed = (MessageFailed) failures.stream()
                .filter(e -> ((MessageFailed) e).messageId().toString().equals(interrupted)).findFirst().orElseThrow();
        assertEquals(user, failed.userId());
        assertEquals("Speaking this message did not finish after several tries. Please try again.", failed.reason());
        // Its words may change again now.
        as(user).body("{\"title\":\"Again\"}").patch(message(interrupted)).then().statusCode(200);
    }

    @Test
    void aMessageTheReaperCannotHandleDoesNotStopTheOthers() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String broken = draft(user, profile);
        String interrupted = draft(user, profile);
        // A row the reaper cannot handle (no start time), first in its order; and one it should fail.
        Messages.update("update messages set status = 'generating', synthesis_id = gen_random_uuid(), "
                + "synthesis_runs = 1, synthesis_started_at = null, "
                + "synthesis_lease_expires_at = now() - interval '1 hour' where id = ?", UUID.fromString(broken));
        Messages.update("update messages set status = 'generating', synthesis_id = gen_random_uuid(), "
                + "synthesis_runs = 3, synthesis_started_at = now(), "
                + "synthesis_lease_expires_at = now() - interval '1 second' where id = ?",
                UUID.fromString(interrupted));
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(as(user).get(message(interrupted))
                    .path("status")));
            as(user).get(message(interrupted)).then().body("error_code", equalTo("synthesis-interrupted"));
            // The one that failed is put at the back: its lease moved past now, so it is not first every pass.
            assertEquals(List.of("t"), Messages.row("select synthesis_lease_expires_at > now() from messages "
                    + "where id = ?", UUID.fromString(broken)));
        } finally {
            Messages.update("delete from messages where id = ?", UUID.fromString(broken));
        }
    }

    private static void ledger(UUID user, Instant startedAt, String outcome) {
        ledger(user, startedAt, outcome, UUID.randomUUID(), UUID.randomUUID());
    }

    private static void ledger(UUID user, Instant startedAt, String outcome, UUID id, UUID messageId) {
        Messages.update("insert into message_syntheses (id, user_id, message_id, started_at, outcome) "
                + "values (?, ?, ?, ?, ?)", id, user, messageId, java.sql.Timestamp.from(startedAt), outcome);
    }
}
