package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.clips.training.TrainingOutcomes;
import app.essence.clips.training.TrainingWorkers;
import app.essence.clips.voice.ProviderCalls;
import app.essence.clips.voice.VoiceProvider;
import app.essence.clips.voice.VoiceRequest;
import app.essence.common.events.EssenceEvent;
import app.essence.common.events.EventType;
import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.common.events.TrainingEvents.VoiceTrained;
import app.essence.common.events.TrainingEvents.VoiceTrainingFailed;
import app.essence.common.events.TrainingEvents.VoiceTrainingStarted;
import app.essence.testing.AudioFixtures;
import app.essence.testing.ConsumerLag;
import app.essence.testing.ElevenLabsStub;
import app.essence.testing.ElevenLabsStub.Answer;
import app.essence.testing.KafkaResource;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.LogLines;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Voice training against the ElevenLabs stand-in, which checks every request against the published API: consent,
 * readiness, the clone request itself, retries of 429 and 5xx, refusals, retraining, a run that loses its lease,
 * and the deletion of voices nobody uses.
 */
@QuarkusTest
class TrainingTests {
    private static final String CONSENT = "I have the right and the consent of the speaker to clone this voice.";
    private static final int PROMPTS = 25;
    /** Long enough for the longest prompt (25 words at 180 ms a word). */
    private static final short[] GOOD = AudioFixtures.voiceLike(5000, -20);
    private static final short[] TOO_QUIET = AudioFixtures.voiceLike(5000, -42);

    @Inject
    Pool database;

    @Inject
    ProviderCalls providerCalls;

    @Inject
    VoiceProvider voiceProvider;

    @Inject
    MeterRegistry meters;

    @BeforeEach
    void resetProvider() {
        ElevenLabsStub.reset();
    }

    @Test
    void theProviderIsCalledOnlyInATurnWhileItRuns() {
        VoiceRequest request = new VoiceRequest("kept", "kept", Map.of("essence_request", "kept"), "essence_request",
                false, List.of());
        VoiceProvider.Turn kept = voiceProvider.inTurn(turn -> turn);
        assertThrows(IllegalStateException.class, () -> voiceProvider.addVoice(kept, request));
        assertThrows(IllegalStateException.class, () -> voiceProvider.voicesLabelled(kept, "essence_request", "kept"));
        assertThrows(IllegalStateException.class, () -> voiceProvider.addVoice(null, request));
        assertThrows(IllegalStateException.class, () -> voiceProvider.voicesLabelled(null, "essence_request", "x"));
        assertTrue(ElevenLabsStub.addRequests().isEmpty());
    }

    @Test
    void withoutConsentNothingStarts() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        start(user, profile, Map.of("consent_statement", CONSENT)).then().statusCode(400)
                .body("errors.field", hasItem("consent"));
        start(user, profile, Map.of("consent", false, "consent_statement", CONSENT)).then().statusCode(400)
                .body("errors.field", hasItem("consent"));
        start(user, profile, Map.of("consent", true)).then().statusCode(400)
                .body("errors.field", hasItem("consent_statement"));
        start(user, profile, Map.of("consent", "yes please", "consent_statement", CONSENT)).then().statusCode(400);
        as(user).contentType(ContentType.JSON).body("not json").post(trainingOf(profile)).then().statusCode(400);
        status(user, profile).then().statusCode(200).body("state", equalTo("not_submitted"));
        assertTrue(ElevenLabsStub.addRequests().isEmpty());
    }

    @Test
    void missingClipsAndTooLittleGoodSpeechAreRefusedWithWhatToDo() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        for (int prompt = 0; prompt < PROMPTS - 2; prompt++) {
            upload(user, profile, prompt, prompt <= 10 ? GOOD : TOO_QUIET);
        }
        start(user, profile, consent()).then().statusCode(409)
                .body("detail", containsString("prompts 23, 24 are not recorded yet"));
        upload(user, profile, 23, TOO_QUIET);
        upload(user, profile, 24, TOO_QUIET);
        // 11 good clips of 5 s are 55 s of good speech: less than the 60 s needed.
        start(user, profile, consent()).then().statusCode(409)
                .body("detail", containsString("only 55.0 s of the recordings are good enough, 60 s are needed"))
                .body("detail", containsString("re-record the 14 clips marked redo_suggested"));
        as(user).get(clipsOf(profile)).then().body("ready_to_train", equalTo(false));
        status(user, profile).then().body("state", equalTo("not_submitted"));

        upload(user, profile, 24, GOOD);
        as(user).get(clipsOf(profile)).then().body("ready_to_train", equalTo(true));
        start(user, profile, consent()).then().statusCode(202).body("state", equalTo("training"))
                .body("usable_seconds", equalTo(60.0f));
        awaitState(user, profile, "ready");
    }

    @Test
    void theGoodClipsBecomeAVoiceAndTheEventsSaySo() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        ElevenLabsStub.plan(Answer.heldSuccess());
        JsonPath started = start(user, profile, consent()).then().statusCode(202)
                .body("state", equalTo("training"))
                .body("consent_statement", equalTo(CONSENT))
                .body("clip_count", equalTo(PROMPTS)).extract().jsonPath();
        start(user, profile, consent()).then().statusCode(409).body("detail", containsString("already running"));
        // The clips being sent do not change under the training.
        as(user).contentType("audio/wav").body(AudioFixtures.wav(GOOD)).put(clipsOf(profile) + "/3").then()
                .statusCode(409).body("detail", containsString("being trained"));
        as(user).delete(clipsOf(profile) + "/3").then().statusCode(409);

        ElevenLabsStub.releaseHeldAnswers();
        JsonPath ready = awaitState(user, profile, "ready");
        String voiceId = ready.getString("voice_id");
        assertEquals(started.getString("training_id"), ready.getString("training_id"));
        assertEquals(1, ready.getInt("provider_calls"));
        assertTrue(ElevenLabsStub.exists(voiceId));
        // One call, answered: the lease went back as the training ended, so its sweep did not wait for it.
        assertTrue(asSystem("select lease_expires_at <= now() from trainings where id = $1",
                Tuple.of(UUID.fromString(ready.getString("training_id")))).iterator().next().getBoolean(0),
                "the lease of a training whose only call was answered is kept");

        ElevenLabsStub.AddedVoice sent = ElevenLabsStub.addRequests().get(0);
        assertEquals(PROMPTS, sent.files().size());
        assertTrue(sent.files().stream().allMatch(f -> f.contentType().equals("audio/wav")
                && f.fileName().matches("prompt-\\d+\\.wav") && f.sizeBytes() > 10_000), sent.files().toString());
        assertEquals(started.getString("training_id"), sent.labels().get("essence_training_id"));
        assertEquals(profile.toString(), sent.labels().get("essence_profile_id"));
        assertEquals(List.of(), ElevenLabsStub.violations());

        List<EssenceEvent> events = trainingEventsOf(profile, 2);
        assertTrue(events.get(0) instanceof VoiceTrainingStarted, events.toString());
        VoiceTrained trained = (VoiceTrained) events.get(1);
        assertEquals(voiceId, trained.voiceId());
        assertEquals(user, trained.userId());
    }

    @Test
    void aBusyOrFailingProviderIsRetriedUntilItAnswers() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        ElevenLabsStub.plan(Answer.tooManyConcurrentRequests(), Answer.serverError(),
                Answer.tooManyConcurrentRequests());
        start(user, profile, consent()).then().statusCode(202);
        JsonPath ready = awaitState(user, profile, "ready");
        assertEquals(4, ready.getInt("provider_calls"));
        assertEquals("provider_busy", ready.getString("last_error"));
        assertEquals("the voice provider is busy; the training tries again shortly",
                ready.getString("last_error_message"));
        assertEquals(4, ElevenLabsStub.addRequests().size());
        assertTrue(ElevenLabsStub.exists(ready.getString("voice_id")));
        assertEquals(List.of(), ElevenLabsStub.violations());
    }

    @Test
    void aProviderThatStaysBusyEndsTheTrainingWithAReason() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        for (int i = 0; i < 6; i++) {
            ElevenLabsStub.plan(Answer.serverError());
        }
        start(user, profile, consent()).then().statusCode(202);
        JsonPath failed = awaitState(user, profile, "failed");
        assertEquals(6, failed.getInt("provider_calls"));
        assertEquals("provider_unavailable", failed.getString("failure_reason_code"));
        assertEquals("the voice provider is unavailable; please try again later", failed.getString("failure_reason"));
        assertEquals("provider_unavailable", failed.getString("last_error"));
        assertTrue(trainingEventsOf(profile, 2).get(1) instanceof VoiceTrainingFailed);
    }

    @Test
    void aRefusalIsNotRetriedAndTheUserMayTryAgain() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        ElevenLabsStub.plan(Answer.invalid());
        try (LogLines log = LogLines.of(TrainingOutcomes.class)) {
            String training = start(user, profile, consent()).then().statusCode(202).extract().jsonPath()
                    .getString("training_id");
            JsonPath failed = awaitState(user, profile, "failed");
            assertEquals(1, failed.getInt("provider_calls"));
            assertEquals("recordings_unusable", failed.getString("failure_reason_code"));
            assertEquals("the voice provider could not use these recordings; re-record the clips marked "
                    + "redo_suggested or try again", failed.getString("failure_reason"));
            assertEquals("recordings_unusable", failed.getString("last_error"));
            VoiceTrainingFailed event = (VoiceTrainingFailed) trainingEventsOf(profile, 2).get(1);
            assertEquals(failed.getString("failure_reason"), event.reason());
            // The provider's own answer is for operators: in the log with the training's id, never in the answer.
            String providerWords = "The uploaded audio could not be used for cloning";
            assertFalse(status(user, profile).asString().contains(providerWords), status(user, profile).asString());
            assertFalse(status(user, profile).asString().contains("value_error"));
            assertTrue(log.anyContains("training " + training, "422 value_error", providerWords), log.lines()
                    .toString());
        }

        start(user, profile, consent()).then().statusCode(202);
        awaitState(user, profile, "ready");
    }

    @Test
    void anUnreachableProvidersAddressNeverReachesTheUser() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        int port = ElevenLabsStub.port();
        try (LogLines log = LogLines.of(TrainingOutcomes.class)) {
            ElevenLabsStub.unreachable();
            String training = start(user, profile, consent()).then().statusCode(202).extract().jsonPath()
                    .getString("training_id");
            JsonPath failed = awaitState(user, profile, "failed");
            assertEquals(6, failed.getInt("provider_calls"));
            assertEquals("provider_unavailable", failed.getString("last_error"));
            assertEquals("provider_unavailable", failed.getString("failure_reason_code"));
            String answer = status(user, profile).asString();
            for (String internal : List.of(":" + port, "127.0.0.1", "localhost", "refused", "Exception")) {
                assertFalse(answer.contains(internal), internal + " in " + answer);
            }
            assertTrue(log.anyContains("training " + training, "Connection refused", ":" + port), log.lines()
                    .toString());
        } finally {
            ElevenLabsStub.reachableAgain();
        }
    }

    @Test
    void aVoiceHeldBackForVerificationFailsTheTrainingAndIsDeleted() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        ElevenLabsStub.plan(Answer.needsVerification());
        start(user, profile, consent()).then().statusCode(202);
        JsonPath failed = awaitState(user, profile, "failed");
        assertTrue(failed.getString("failure_reason").contains("verification"), failed.getString("failure_reason"));
        String held = ElevenLabsStub.addRequests().get(0).voiceId();
        await().atMost(Duration.ofSeconds(15)).until(() -> !ElevenLabsStub.exists(held));
    }

    @Test
    void retrainingReplacesTheVoiceAndDeletesTheOldOne() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        start(user, profile, consent()).then().statusCode(202);
        String first = awaitState(user, profile, "ready").getString("voice_id");

        upload(user, profile, 3, AudioFixtures.voiceLike(3000, -20));
        start(user, profile, consent()).then().statusCode(202);
        String second = awaitState(user, profile, "ready").getString("voice_id");
        assertNotEquals(first, second);
        await().atMost(Duration.ofSeconds(15)).until(() -> !ElevenLabsStub.exists(first));
        assertTrue(ElevenLabsStub.exists(second));
        assertEquals(List.of(first), ElevenLabsStub.deleteRequests());
    }

    @Test
    void aDeletedProfileHasItsVoiceDeletedAtTheProvider() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        start(user, profile, consent()).then().statusCode(202);
        String voiceId = awaitState(user, profile, "ready").getString("voice_id");

        KafkaTestClient.publish(new ProfileDeleted(profile, user, voiceId, Instant.now()));
        await().atMost(Duration.ofSeconds(15)).until(() -> !ElevenLabsStub.exists(voiceId));
        status(user, profile).then().statusCode(404);
        // A replay under a new event id changes nothing.
        KafkaTestClient.publish(new ProfileDeleted(profile, user, voiceId, Instant.now()));
        ConsumerLag.awaitNone(KafkaResource.broker().bootstrapServers(),
                Map.of("clips-service", List.of(EventType.Topics.PROFILES)), Duration.ofSeconds(30));
        // The replay is handled and committed: had it scheduled the deletion again, it would wait in voice_removals.
        assertEquals(0, removalsOf(voiceId));
        assertEquals(List.of(voiceId), ElevenLabsStub.deleteRequests());
    }

    @Test
    void atMostTwoCallsAreInFlightAndTheOthersWait() {
        UUID user = UUID.randomUUID();
        List<UUID> profiles = List.of(readyProfile(user), readyProfile(user), readyProfile(user), readyProfile(user));
        for (int i = 0; i < profiles.size(); i++) {
            ElevenLabsStub.plan(Answer.slowSuccess(Duration.ofMillis(1200)));
        }
        profiles.forEach(profile -> start(user, profile, consent()).then().statusCode(202));
        profiles.forEach(profile -> awaitState(user, profile, "ready"));
        assertEquals(2, ElevenLabsStub.mostAddsInFlight());
        assertEquals(4, ElevenLabsStub.addRequests().size());
    }

    @Test
    void aDeletionTheProviderFailsIsRetriedUntilItConfirms() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        start(user, profile, consent()).then().statusCode(202);
        String voiceId = awaitState(user, profile, "ready").getString("voice_id");
        // More failures than one call's retries: the removal waits and is tried again later.
        ElevenLabsStub.planDeletes(Answer.serverError(), Answer.serverError(), Answer.serverError(),
                Answer.serverError(), Answer.serverError());
        KafkaTestClient.publish(new ProfileDeleted(profile, user, voiceId, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> !ElevenLabsStub.exists(voiceId));
        assertEquals(6, ElevenLabsStub.deleteRequests().size());
    }

    @Test
    void aRunThatLosesItsLeaseIsResumedAndAdoptsTheVoiceItsCallMade() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        // The first call makes the voice, but its answer does not come: the run's 3 s lease runs out and the
        // reaper resumes the training, whose new run looks for a voice with the training's label first.
        ElevenLabsStub.plan(Answer.heldSuccess());
        try (LogLines log = LogLines.of(TrainingOutcomes.class)) {
            UUID training = UUID.fromString(start(user, profile, consent()).then().statusCode(202)
                    .extract().jsonPath().getString("training_id"));
            JsonPath ready = awaitState(user, profile, "ready");
            String voiceId = ready.getString("voice_id");
            assertEquals(1, ElevenLabsStub.addRequests().size(), "the resumed run must not make a second voice");
            assertEquals(ElevenLabsStub.addRequests().get(0).voiceId(), voiceId);
            assertEquals(2, runsOf(training));

            // The first run gets its answer now, finds it no longer holds the training, and leaves the voice alone.
            releaseAndAwaitTheStaleRunKeeping(log, training, voiceId);
            status(user, profile).then().body("state", equalTo("ready")).body("voice_id", equalTo(voiceId));
        }
    }

    @Test
    void aRunWhoseTrainingIsTakenOverWhileItWaitsForTheProviderNeverCallsIt() throws Exception {
        WaitingRun waiting = startBehindBusySlots();
        UUID training = waiting.training();
        try (LogLines log = LogLines.of(TrainingWorkers.class)) {
            // Meanwhile another run takes the training over, as after a lease the wait outlasted.
            asSystem("update trainings set runs = runs + 1, lease_expires_at = now() + interval '1 hour' "
                    + "where id = $1", Tuple.of(training));
            waiting.letTheSlotsGo();

            await().atMost(Duration.ofSeconds(10)).until(() -> log.anyContains("training " + training + ": run 1 "));
            assertNoVoiceAskedFor(training, "the run that lost its training called the provider");
            assertTrue(log.anyContains("training " + training + ": run 1 lost the training and stops"), log.lines()
                    .toString());
        }
    }

    @Test
    void aRunStillWaitingForItsTurnWhenItsTrainingIsGivenUpNeverCallsTheProvider() throws Exception {
        WaitingRun waiting = startBehindBusySlots();
        UUID training = waiting.training();
        try (LogLines log = LogLines.of(TrainingWorkers.class)) {
            // The run waited for its turn past its lease, and the training started too long ago: the reaper gives
            // it up, taking it as a run does, before it waits for a turn of its own to look for a voice.
            asSystem("update trainings set started_at = now() - interval '2 hours', "
                    + "lease_expires_at = now() - interval '1 second' where id = $1", Tuple.of(training));
            await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(training) == 2);
            waiting.letTheSlotsGo();

            assertEquals("training_timed_out", awaitState(waiting.user(), waiting.profile(), "failed")
                    .getString("failure_reason_code"));
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> log.anyContains("training " + training + ": run 1 lost the training and stops"));
            assertNoVoiceAskedFor(training, "the run of a training given up called the provider");
        }
    }

    @Test
    void aTrainingGivenUpWhileTheProviderRefusesToListFailsAndTheRestOfThePassGoesOn() {
        UUID user = UUID.randomUUID();
        UUID first = readyProfile(user);
        UUID second = readyProfile(user);
        // Both trainings' calls are still being cloned when they are given up.
        ElevenLabsStub.plan(Answer.madeOnRelease(), Answer.madeOnRelease());
        UUID one = UUID.fromString(start(user, first, consent()).then().statusCode(202)
                .extract().jsonPath().getString("training_id"));
        UUID other = UUID.fromString(start(user, second, consent()).then().statusCode(202)
                .extract().jsonPath().getString("training_id"));
        await().atMost(Duration.ofSeconds(10)).until(() -> ElevenLabsStub.addRequests().size() == 2);
        // The provider refuses to list its voices: the look of giving up fails, for the training handled first
        // (its lease ran out first) as for the other one. The calls answer, freeing the slots the looks wait for.
        ElevenLabsStub.refuseLists();
        asSystem("update trainings set runs = 3, lease_expires_at = now() - case when id = $1 "
                + "then interval '2 seconds' else interval '1 second' end where id in ($1, $2)",
                Tuple.of(one, other));
        ElevenLabsStub.releaseHeldAnswers();

        assertEquals("training_interrupted", awaitState(user, first, "failed").getString("failure_reason_code"));
        assertEquals("training_interrupted", awaitState(user, second, "failed").getString("failure_reason_code"));
        // Once the provider lists again, the labels are swept and the voices the stopped runs made are deleted.
        ElevenLabsStub.listsAnswered();
        ElevenLabsStub.addRequests().forEach(add -> await().atMost(Duration.ofSeconds(15))
                .until(() -> !ElevenLabsStub.exists(add.voiceId())));
        await().atMost(Duration.ofSeconds(15)).until(() -> asSystem("select count(*) from trainings where id in "
                + "($1, $2) and labels_swept_at is not null", Tuple.of(one, other)).iterator().next().getLong(0) == 2);
    }

    @Test
    void aTrainingThatKeepsLosingItsRunIsFailedAndWhatItsLastRunMadeIsDeleted() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        // The last run's call is still being cloned when the training is given up: no voice shows yet.
        ElevenLabsStub.plan(Answer.madeOnRelease());
        stallItsLastRun(startAndAwaitItsCall(user, profile));

        JsonPath failed = awaitState(user, profile, "failed");
        assertEquals("training_interrupted", failed.getString("failure_reason_code"));
        assertTrue(failed.getString("failure_reason").contains("did not finish the training after several tries"),
                failed.getString("failure_reason"));
        // The last run's call answers only now: the voice it made is deleted all the same.
        ElevenLabsStub.releaseHeldAnswers();
        String orphan = ElevenLabsStub.addRequests().get(0).voiceId();
        await().atMost(Duration.ofSeconds(15)).until(() -> !ElevenLabsStub.exists(orphan));
        assertTrue(trainingEventsOf(profile, 2).get(1) instanceof VoiceTrainingFailed);
    }

    @Test
    void aTrainingGivenUpAfterItsLastRunMadeTheVoiceIsReadyWithIt() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        // The last run's call made the voice, but the run stopped before it recorded it (its answer is held).
        ElevenLabsStub.plan(Answer.heldSuccess());
        try (LogLines log = LogLines.of(TrainingOutcomes.class)) {
            UUID training = startAndAwaitItsCall(user, profile);
            stallItsLastRun(training);

            JsonPath ready = awaitState(user, profile, "ready");
            String voiceId = ElevenLabsStub.addRequests().get(0).voiceId();
            assertEquals(voiceId, ready.getString("voice_id"));
            assertEquals(null, ready.getString("failure_reason_code"));
            VoiceTrained trained = (VoiceTrained) trainingEventsOf(profile, 2).get(1);
            assertEquals(voiceId, trained.voiceId());

            // The stopped run gets its answer now: the voice it brings back is the one kept.
            releaseAndAwaitTheStaleRunKeeping(log, training, voiceId);
        }
    }

    @Test
    void aTrainingGivenUpWhileTheProviderIsBusyWaitsForItAndKeepsTheVoiceItsRunMade() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        // The last run's call made the voice, but the run stopped before it recorded it (its answer is held).
        ElevenLabsStub.plan(Answer.heldSuccess());
        try (LogLines log = LogLines.of(TrainingOutcomes.class)) {
            UUID training = startAndAwaitItsCall(user, profile);
            ElevenLabsStub.listsBusy();
            stallItsLastRun(training);

            // Failing it now would have a later sweep delete the voice: it waits for the provider.
            await().atMost(Duration.ofSeconds(10)).until(() -> log.anyContains("training " + training
                    + ": the provider is unavailable to say which voices it has"));
            assertEquals("training", status(user, profile).jsonPath().getString("state"));
            ElevenLabsStub.listsAnswered();

            JsonPath ready = awaitState(user, profile, "ready");
            String voiceId = ElevenLabsStub.addRequests().get(0).voiceId();
            assertEquals(voiceId, ready.getString("voice_id"));
            releaseAndAwaitTheStaleRunKeeping(log, training, voiceId);
        }
    }

    @Test
    void aCallThatFailsAfterItsTrainingEndedLeavesItsLastErrorAsItWas() {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        // The call fails, but only once the training has been given up under it.
        ElevenLabsStub.plan(new Answer(ElevenLabsStub.Outcome.SERVER_ERROR, Duration.ZERO, true));
        try (LogLines log = LogLines.of(TrainingWorkers.class)) {
            UUID training = startAndAwaitItsCall(user, profile);
            // Started too long ago, and its run's lease ran out: the reaper gives it up with the run's number.
            asSystem("update trainings set started_at = now() - interval '2 hours', "
                    + "lease_expires_at = now() - interval '1 second' where id = $1", Tuple.of(training));
            JsonPath failed = awaitState(user, profile, "failed");
            assertEquals("training_timed_out", failed.getString("failure_reason_code"));
            assertEquals(null, failed.getString("last_error"));

            ElevenLabsStub.releaseHeldAnswers();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> log.anyContains("training " + training + ": run 1 lost the training and stops"));
            status(user, profile).then().body("state", equalTo("failed"))
                    .body("failure_reason_code", equalTo("training_timed_out"))
                    .body("last_error", nullValue());
        }
    }

    @Test
    void anotherUsersProfileAnswers404() {
        UUID owner = UUID.randomUUID();
        UUID profile = announcedProfile(owner);
        UUID stranger = UUID.randomUUID();
        start(stranger, profile, consent()).then().statusCode(404);
        status(stranger, profile).then().statusCode(404);
        status(owner, profile).then().statusCode(200);
    }

    static UUID readyProfile(UUID user) {
        UUID profile = announcedProfile(user);
        for (int prompt = 0; prompt < PROMPTS; prompt++) {
            upload(user, profile, prompt, GOOD);
        }
        as(user).get(clipsOf(profile)).then().body("ready_to_train", equalTo(true));
        return profile;
    }

    private static void upload(UUID user, UUID profile, int prompt, short[] pcm) {
        int status = as(user).contentType("audio/wav").body(AudioFixtures.wav(pcm))
                .put(clipsOf(profile) + "/" + prompt).statusCode();
        assertTrue(status == 200 || status == 201, "upload answered " + status);
    }

    static Map<String, Object> consent() {
        return Map.of("consent", true, "consent_statement", CONSENT);
    }

    static io.restassured.response.Response start(UUID user, UUID profile, Map<String, Object> body) {
        return as(user).contentType(ContentType.JSON).body(body).post(trainingOf(profile));
    }

    private static io.restassured.response.Response status(UUID user, UUID profile) {
        return as(user).get(trainingOf(profile));
    }

    static JsonPath awaitState(UUID user, UUID profile, String state) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> state.equals(status(user, profile).jsonPath().getString("state")));
        return status(user, profile).then().statusCode(200).extract().jsonPath();
    }

    /** Starts a training of the profile; answers its id once its first call has reached the provider. */
    private static UUID startAndAwaitItsCall(UUID user, UUID profile) {
        UUID training = UUID.fromString(start(user, profile, consent()).then().statusCode(202)
                .extract().jsonPath().getString("training_id"));
        await().atMost(Duration.ofSeconds(5)).until(() -> ElevenLabsStub.addRequests().size() == 1);
        return training;
    }

    /** As if it had been resumed after crashes until the last allowed run, and that run's lease ran out. */
    private void stallItsLastRun(UUID training) {
        asSystem("update trainings set runs = 3, lease_expires_at = now() - interval '1 second' "
                + "where id = $1", Tuple.of(training));
    }

    /**
     * Lets the held answer go to run 1, which no longer holds the training: once it says so ({@code log} listens to
     * {@code TrainingOutcomes}), the voice it brings back, the one the training recorded, is still there.
     */
    private void releaseAndAwaitTheStaleRunKeeping(LogLines log, UUID training, String voiceId) {
        ElevenLabsStub.releaseHeldAnswers();
        await().atMost(Duration.ofSeconds(10))
                .until(() -> log.anyContains("training " + training + ": run 1 ended after losing the training"));
        assertEquals(0, removalsOf(voiceId));
        assertTrue(ElevenLabsStub.exists(voiceId));
        assertEquals(List.of(), ElevenLabsStub.deleteRequests());
    }

    private int runsOf(UUID training) {
        return asSystem("select runs from trainings where id = $1", Tuple.of(training)).iterator().next()
                .getInteger("runs");
    }

    /** As the service's role, under the system context: trainings have row-level security (docs/architecture.md). */
    private RowSet<Row> asSystem(String sql, Tuple arguments) {
        return database.withTransaction(connection -> connection
                .query("select set_config('essence.context', 'system', true)").execute()
                .chain(() -> connection.preparedQuery(sql).execute(arguments))).await().indefinitely();
    }

    private int removalsOf(String voiceId) {
        return database.preparedQuery("select count(*) from voice_removals where voice_id = $1")
                .execute(Tuple.of(voiceId)).await().indefinitely().iterator().next().getInteger(0);
    }

    /** Provider calls waiting for their turn ({@code ProviderCalls}' bulkhead, as SmallRye Fault Tolerance counts). */
    private double waitingForASlot() {
        Gauge waiting = meters.find("ft.bulkhead.executionsWaiting")
                .tag("method", ProviderCalls.class.getName() + ".limited").gauge();
        return waiting == null ? 0 : waiting.value();
    }

    /** A training whose run holds it and waits for its turn behind two calls that hold both slots until let go. */
    private record WaitingRun(UUID user, UUID profile, UUID training, CountDownLatch letGo,
            List<CompletableFuture<Object>> holders) {
        void letTheSlotsGo() {
            letGo.countDown();
            holders.forEach(CompletableFuture::join);
        }
    }

    private WaitingRun startBehindBusySlots() throws InterruptedException {
        UUID user = UUID.randomUUID();
        UUID profile = readyProfile(user);
        // Both provider slots are taken by calls that wait: the training's first call queues behind them.
        CountDownLatch slotsTaken = new CountDownLatch(2);
        CountDownLatch letGo = new CountDownLatch(1);
        List<CompletableFuture<Object>> holders = List.of(holdASlot(slotsTaken, letGo), holdASlot(slotsTaken, letGo));
        assertTrue(slotsTaken.await(10, TimeUnit.SECONDS));
        UUID training = UUID.fromString(start(user, profile, consent()).then().statusCode(202)
                .extract().jsonPath().getString("training_id"));
        await().atMost(Duration.ofSeconds(10)).until(() -> runsOf(training) == 1 && waitingForASlot() == 1);
        return new WaitingRun(user, profile, training, letGo, holders);
    }

    private static void assertNoVoiceAskedFor(UUID training, String message) {
        assertTrue(ElevenLabsStub.addRequests().stream()
                .noneMatch(add -> training.toString().equals(add.labels().get("essence_training_id"))), message);
    }

    /** Takes one slot of the provider calls until {@code letGo}; counts {@code taken} down once it has it. */
    private CompletableFuture<Object> holdASlot(CountDownLatch taken, CountDownLatch letGo) {
        return providerCalls.<Object> limited(() -> {
            taken.countDown();
            try {
                return letGo.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }).toCompletableFuture();
    }

    private static String trainingOf(UUID profile) {
        return "/v1/profiles/" + profile + "/training";
    }

    /** The training events clips-service published for one profile, in order; an extra one would show too. */
    private static List<EssenceEvent> trainingEventsOf(UUID profile, int expected) {
        List<EssenceEvent> events = KafkaTestClient.eventsOf(EventType.Topics.CLIPS, profile.toString(),
                event -> event instanceof VoiceTrainingStarted || event instanceof VoiceTrained
                        || event instanceof VoiceTrainingFailed, expected);
        assertEquals(expected, events.size(), events.toString());
        assertFalse(events.isEmpty());
        return events;
    }
}
