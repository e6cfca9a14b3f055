package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static app.essence.profiles.Api.createProfile;
import static app.essence.testing.KafkaTestClient.publish;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.ClipEvents.ClipUploaded;
import app.essence.common.events.EventCodec;
import app.essence.common.events.EventType;
import app.essence.common.events.MessageEvents.MessageCreated;
import app.essence.common.events.TrainingEvents.VoiceTrained;
import app.essence.common.events.TrainingEvents.VoiceTrainingFailed;
import app.essence.common.events.TrainingEvents.VoiceTrainingStarted;
import app.essence.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** profiles-service keeps status and counts from other services' events: once each, newer wins. */
@QuarkusTest
class InboxTests {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void clipEventsSetTheCachedCount() {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.fromString(createProfile(user, "Counted"));
        publish(new ClipUploaded(UUID.randomUUID(), profile, user, 0, 1000, 4000, "good", 1, at(1)));
        publish(new ClipUploaded(UUID.randomUUID(), profile, user, 1, 1000, 4000, "good", 2, at(2)));
        awaitField(user, profile, "training_clip_count", 2);
        publish(new app.essence.common.events.ClipEvents.ClipDeleted(UUID.randomUUID(), profile, user, 0, 1, at(3)));
        awaitField(user, profile, "training_clip_count", 1);
        publish(new MessageCreated(UUID.randomUUID(), profile, user, 4, at(4)));
        awaitField(user, profile, "message_count", 4);
    }

    @Test
    void duplicateEventChangesNothingAndLateEventDoesNotRollBack() {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.fromString(createProfile(user, "Idempotent"));
        EventCodec.Encoded three = EventCodec.encode(
                new ClipUploaded(UUID.randomUUID(), profile, user, 2, 1000, 4000, "good", 3, at(10)), "/test");
        KafkaTestClient.send(EventType.Topics.CLIPS, profile.toString(), three.json());
        awaitField(user, profile, "training_clip_count", 3);

        // The same event id again, even claiming a newer count, is skipped: it was already applied.
        String forgedDuplicate = three.json().replace("\"training_clip_count\":3", "\"training_clip_count\":7")
                .replace(at(10).toString(), at(20).toString());
        assertTrue(forgedDuplicate.contains("\"training_clip_count\":7"));
        KafkaTestClient.send(EventType.Topics.CLIPS, profile.toString(), forgedDuplicate);
        // A new event that happened before the applied one arrives late.
        publish(new ClipUploaded(UUID.randomUUID(), profile, user, 0, 1000, 4000, "good", 1, at(5)));
        // Same key, same partition: once this one shows, the two before it have been consumed.
        publish(new VoiceTrainingStarted(UUID.randomUUID(), profile, user, at(30)));
        awaitField(user, profile, "voice_model_status", "training");

        as(user).get("/v1/profiles/" + profile).then().body("training_clip_count", equalTo(3));
    }

    @Test
    void trainingEventsDriveTheVoiceStatusAndNeverGoBack() {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.fromString(createProfile(user, "Voiced"));
        publish(new VoiceTrainingStarted(UUID.randomUUID(), profile, user, at(100)));
        awaitField(user, profile, "voice_model_status", "training");
        publish(new VoiceTrained(UUID.randomUUID(), profile, user, "voice-abc", at(200)));
        awaitField(user, profile, "voice_model_status", "ready");
        as(user).get("/v1/profiles/" + profile).then()
                .body("elevenlabs_voice_id", equalTo("voice-abc"))
                .body("training_completed_at", equalTo("2026-01-01T00:03:20Z"))
                .body("voice_ready_at", equalTo("2026-01-01T00:03:20Z"));

        publish(new VoiceTrainingStarted(UUID.randomUUID(), profile, user, at(150))); // late: ignored
        publish(new ClipUploaded(UUID.randomUUID(), profile, user, 0, 1, 1, "good", 9, at(300)));
        awaitField(user, profile, "training_clip_count", 9);
        as(user).get("/v1/profiles/" + profile).then().body("voice_model_status", equalTo("ready"));

        // Retraining that fails keeps the voice the profile already has.
        publish(new VoiceTrainingStarted(UUID.randomUUID(), profile, user, at(400)));
        awaitField(user, profile, "voice_model_status", "training");
        publish(new VoiceTrainingFailed(UUID.randomUUID(), profile, user, "provider said no", at(500)));
        awaitField(user, profile, "voice_model_status", "ready");
    }

    @Test
    void failedFirstTrainingReturnsToNotSubmitted() {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.fromString(createProfile(user, "Failed"));
        publish(new VoiceTrainingStarted(UUID.randomUUID(), profile, user, at(1)));
        awaitField(user, profile, "voice_model_status", "training");
        publish(new VoiceTrainingFailed(UUID.randomUUID(), profile, user, "too few clips", at(2)));
        awaitField(user, profile, "voice_model_status", "not_submitted");
    }

    @Test
    void poisonEventGoesToTheDeadLetterTopicAndTheNextIsProcessed() {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.fromString(createProfile(user, "Poisoned"));
        String marker = "poison-" + UUID.randomUUID();
        KafkaTestClient.send(EventType.Topics.CLIPS, profile.toString(), "{\"" + marker + "\": not json");
        KafkaTestClient.send(EventType.Topics.CLIPS, profile.toString(), "{\"specversion\":\"1.0\",\"id\":\""
                + UUID.randomUUID() + "\",\"type\":\"essence.clip.uploaded.v1\",\"source\":\"/test\",\"data\":"
                + "{\"clip_id\":\"" + marker + "\"}}");
        publish(new ClipUploaded(UUID.randomUUID(), profile, user, 0, 1, 1, "good", 1, at(1)));
        awaitField(user, profile, "training_clip_count", 1);

        List<ConsumerRecord<String, String>> dead = KafkaTestClient.read("essence.dead-letter.profiles-service",
                Duration.ofSeconds(30), r -> r.stream().filter(x -> x.value().contains(marker)).count() >= 2)
                .stream().filter(r -> r.value().contains(marker)).toList();
        assertEquals(2, dead.size());
        for (ConsumerRecord<String, String> record : dead) {
            assertEquals(profile.toString(), record.key());
            var reason = record.headers().lastHeader("dead-letter-reason");
            assertFalse(reason == null || reason.value().length == 0, "the dead letter says why");
        }
    }

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    private static void awaitField(UUID user, UUID profile, String field, Object expected) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                as(user).get("/v1/profiles/" + profile).then().statusCode(200).body(field, equalTo(expected)));
    }
}
