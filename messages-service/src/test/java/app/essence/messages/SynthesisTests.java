package app.essence.messages;

import static app.essence.messages.Messages.announcedProfile;
import static app.essence.messages.Messages.as;
import static app.essence.messages.Messages.draft;
import static app.essence.messages.Messages.filesOf;
import static app.essence.messages.Messages.message;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.EssenceEvent;
import app.essence.common.events.EventType;
import app.essence.common.events.MessageEvents.MessageFailed;
import app.essence.common.events.MessageEvents.MessageReady;
import app.essence.common.events.TrainingEvents.VoiceTrained;
import app.essence.common.storage.StorageKeys;
import app.essence.messages.speech.SpeechFailure;
import app.essence.testing.ElevenLabsStub;
import app.essence.testing.ElevenLabsStub.Answer;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.LogLines;
import app.essence.messages.speech.SpokenAudio;
import app.essence.messages.synthesis.SynthesisConfig;
import app.essence.messages.synthesis.SynthesisOutcomes;
import app.essence.messages.synthesis.SynthesisRuns;
import app.essence.testing.AudioFixtures;
import jakarta.inject.Inject;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A message spoken end to end: the request, the run, the speech client against the ElevenLabs stand-in, the file at
 * the message's key and the event; and how failures, lost answers and retries end.
 */
@QuarkusTest
class SynthesisTests {
    @Inject
    SynthesisOutcomes outcomes;
    @Inject
    SynthesisConfig config;

    @BeforeEach
    @AfterEach
    void reset() {
        ElevenLabsStub.reset();
    }

    @Test
    void aMessageIsSpokenInTheProfilesVoiceStoredAsOneMp3AndAnnounced() throws Exception {
        Spoken spoken = readyToSpeak();
        as(spoken.user()).post(message(spoken.id()) + "/synthesize").then().statusCode(202)
                .body("status", equalTo("generating")).body("provenance", nullValue());
        awaitStatus(spoken, "ready");

        String key = StorageKeys.message(spoken.user(), spoken.profile(), UUID.fromString(spoken.id()));
        Path file = Messages.STORAGE.resolve(key);
        byte[] stored = Files.readAllBytes(file);
        as(spoken.user()).get(message(spoken.id())).then().body("audio_storage_path", equalTo(key))
                .body("mime_type", equalTo("audio/mpeg")).body("size_bytes", equalTo(stored.length))
                .body("duration_ms", greaterThan(0)).body("error_code", nullValue())
                .body("provenance.ai_generated", equalTo(true)).body("provenance.voice_id", equalTo(spoken.voice()))
                .body("provenance.provider", equalTo("elevenlabs"))
                .body("provenance.model_id", equalTo(ElevenLabsStub.MODEL_ID));
        assertTrue(new String(stored, 0, 3).equals("ID3"), "an MP3 with its provenance tag");
        byte[] played = as(spoken.user()).get(message(spoken.id()) + "/audio").then().statusCode(200)
                .contentType("audio/mpeg").extract().asByteArray();
        assertArrayEquals(stored, played);
        assertEquals(List.of(file), filesOf(StorageKeys.messageFolders(spoken.user(), spoken.profile())),
                "one file, nothing left staged");
        assertEquals(1, ElevenLabsStub.speechRequests().stream()
                .filter(request -> request.voiceId().equals(spoken.voice())).count(), "spoken in the profile's voice");

        List<EssenceEvent> ready = KafkaTestClient.eventsOf(EventType.Topics.MESSAGES, spoken.profile().toString(),
                event -> event instanceof MessageReady, 1);
        assertEquals(1, ready.size());
        assertEquals(UUID.fromString(spoken.id()), ((MessageReady) ready.get(0)).messageId());
        assertEquals(as(spoken.user()).get(message(spoken.id())).<Integer> path("duration_ms"),
                ((MessageReady) ready.get(0)).durationMs());
        assertEquals(List.of("ready"), Messages.row("select outcome from message_syntheses where message_id = ?",
                UUID.fromString(spoken.id())));
    }

    @Test
    void textTheProviderRefusesFailsTheMessageWithItsReasonAndOurSentence() {
        Spoken spoken = readyToSpeak();
        ElevenLabsStub.planSpeech(Answer.invalid());
        as(spoken.user()).post(message(spoken.id()) + "/synthesize").then().statusCode(202);
        awaitStatus(spoken, "failed");
        String sentence = as(spoken.user()).get(message(spoken.id())).then()
                .body("error_code", equalTo(SpeechFailure.PROVIDER_REFUSED_TEXT))
                .body("audio_storage_path", nullValue()).body("provenance", nullValue())
                .extract().path("error_message");
        List<EssenceEvent> failed = KafkaTestClient.eventsOf(EventType.Topics.MESSAGES, spoken.profile().toString(),
                event -> event instanceof MessageFailed, 1);
        assertEquals(sentence, ((MessageFailed) failed.get(0)).reason());
        assertEquals(List.of(), filesOf(StorageKeys.messageFolders(spoken.user(), spoken.profile())));
        // A failed synthesis is given back to the month's allowance, and the message may be edited and tried again.
        assertEquals(List.of("failed"), Messages.row("select outcome from message_syntheses where message_id = ?",
                UUID.fromString(spoken.id())));
        as(spoken.user()).body("{\"generated_text\":\"I love you, always.\"}").patch(message(spoken.id())).then()
                .statusCode(200);
        as(spoken.user()).post(message(spoken.id()) + "/synthesize").then().statusCode(202);
        awaitStatus(spoken, "ready");
    }

    @Test
    void aRunThatLostItsAnswerKeepsNothingAndTheMessageHasOneFile() throws Exception {
        Spoken spoken = readyToSpeak();
        // The first answer comes late: long after the run that asked has lost the message.
        ElevenLabsStub.planSpeech(Answer.slowSuccess(Duration.ofSeconds(6)));
        LogLines log = LogLines.of(SynthesisRuns.class);
        as(spoken.user()).post(message(spoken.id()) + "/synthesize").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> ElevenLabsStub.mostSpeechInFlight() == 1);

        // As if the instance running it had stopped answering: its run loses the message, the reaper resumes it.
        Messages.update("update messages set synthesis_runs = synthesis_runs + 1, "
                + "synthesis_lease_expires_at = now() - interval '1 second' where id = ?", UUID.fromString(spoken.id()));
        awaitStatus(spoken, "ready");
        String key = StorageKeys.message(spoken.user(), spoken.profile(), UUID.fromString(spoken.id()));
        byte[] kept = Files.readAllBytes(Messages.STORAGE.resolve(key));

        // The first run's answer arrives after all: it is not kept, and the message's file stays as recorded.
        try (log) {
            await().atMost(Duration.ofSeconds(30)).until(() -> log.anyContains(spoken.id(), "its audio is not kept"));
        }
        assertEquals(List.of(Messages.STORAGE.resolve(key)),
                filesOf(StorageKeys.messageFolders(spoken.user(), spoken.profile())));
        assertArrayEquals(kept, Files.readAllBytes(Messages.STORAGE.resolve(key)));
        as(spoken.user()).get(message(spoken.id())).then().body("size_bytes", equalTo(kept.length))
                .body("status", equalTo("ready"));
        assertEquals(2, ElevenLabsStub.speechRequests().stream()
                .filter(request -> request.voiceId().equals(spoken.voice())).count(), "asked once per run");
    }

    @Test
    void aProviderThatStaysAwayIsTriedInLaterRunsAndThenFailsWithItsReason() {
        Spoken spoken = readyToSpeak();
        ElevenLabsStub.planSpeech(Collections.nCopies(500, Answer.serverError()).toArray(Answer[]::new));
        as(spoken.user()).post(message(spoken.id()) + "/synthesize").then().statusCode(202);
        awaitStatus(spoken, "failed");
        as(spoken.user()).get(message(spoken.id())).then()
                .body("error_code", equalTo(SpeechFailure.PROVIDER_UNAVAILABLE));
        assertEquals(List.of("3"), Messages.row("select synthesis_runs from messages where id = ?",
                UUID.fromString(spoken.id())), "three runs, each with the speech client's own retries");
    }

    @Test
    void aRunOfAnEarlierSynthesisThatOutlivedItsLeaseCannotTouchTheNextOne() throws Exception {
        Spoken spoken = readyToSpeak();
        UUID id = UUID.fromString(spoken.id());
        UUID earlier = UUID.randomUUID();
        UUID next = UUID.randomUUID();
        // The next synthesis's first run holds the message: it is run 1, as the earlier synthesis's first run was.
        Messages.update("update messages set status = 'generating', synthesis_id = ?, synthesis_runs = 1, "
                + "synthesis_started_at = now(), synthesis_lease_expires_at = now() + interval '1 hour' where id = ?",
                next, id);
        SynthesisRuns.Run stale = new SynthesisRuns.Run(id, 1, spoken.user(), spoken.profile(), spoken.voice(),
                "old words", earlier);
        String staged = StorageKeys.incomingMessage(spoken.user(), spoken.profile(), id, earlier, 1);
        assertTrue(!staged.equals(StorageKeys.incomingMessage(spoken.user(), spoken.profile(), id, next, 1)),
                "each synthesis's runs stage under names of their own");
        byte[] old = AudioFixtures.mp3Header(2000);
        Path stagedFile = Messages.STORAGE.resolve(staged);
        Files.createDirectories(stagedFile.getParent());
        Files.write(stagedFile, old);

        // The earlier synthesis's run comes back after losing its lease: it can neither record nor fail the next one.
        assertFalse(outcomes.ready(stale, staged, new SpokenAudio(old, 1000, "elevenlabs", "m", spoken.voice())));
        assertFalse(outcomes.fail(id, earlier, 1, "synthesis-interrupted", "x"));
        assertEquals(java.util.Arrays.asList("generating", next.toString(), "1", null), Messages.row(
                "select status, synthesis_id, synthesis_runs, audio_storage_path from messages where id = ?", id));
        assertEquals(List.of(), filesOf(List.of(StorageKeys.message(spoken.user(), spoken.profile(), id))));
        Files.deleteIfExists(stagedFile);
        Messages.update("delete from messages where id = ?", id);
    }

    @Test
    void aRecordingThatFailsAfterItsFileWasMovedLeavesNoFileBehind() {
        Spoken spoken = readyToSpeak();
        UUID id = UUID.fromString(spoken.id());
        // The transaction that records the message as ready fails after the file was moved to the message's key.
        Messages.update("create or replace function refuse_ready() returns trigger language plpgsql as $$ begin "
                + "if new.status = 'ready' and new.id = '" + id + "' then raise exception 'refused by the test'; "
                + "end if; return new; end $$");
        Messages.update("create trigger refuse_ready before update on messages for each row "
                + "execute function refuse_ready()");
        try {
            as(spoken.user()).post(message(spoken.id()) + "/synthesize").then().statusCode(202);
            awaitStatus(spoken, "failed");
            as(spoken.user()).get(message(spoken.id())).then().body("error_code", equalTo("synthesis-interrupted"));
            await().atMost(Duration.ofSeconds(10)).until(() -> filesOf(StorageKeys.messageFolders(spoken.user(),
                    spoken.profile())).isEmpty());
            assertEquals(List.of("0"), Messages.row("select count(*) from storage_removals where key = ?",
                    StorageKeys.message(spoken.user(), spoken.profile(), id)));
        } finally {
            Messages.update("drop trigger refuse_ready on messages");
        }
    }

    @Test
    void aRunSpeaksInTheVoiceTheProfileHasWhenItStarts() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String voice = ElevenLabsStub.voiceExists("Grandma Rose");
        KafkaTestClient.publish(new VoiceTrained(UUID.randomUUID(), profile, user, voice, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("ready", voice).equals(Messages.voiceOf(profile)));
        String id = draft(user, profile);
        // Asked for while an earlier voice was the profile's; the voice was retrained before a run took it.
        Messages.update("update messages set status = 'generating', voice_id = 'voice-retrained-away', "
                + "synthesis_id = gen_random_uuid(), synthesis_runs = 0, synthesis_started_at = now(), "
                + "synthesis_lease_expires_at = now() - interval '1 second' where id = ?", UUID.fromString(id));
        Spoken spoken = new Spoken(user, profile, voice, id);
        awaitStatus(spoken, "ready");
        List<String> voices = ElevenLabsStub.speechRequests().stream().map(ElevenLabsStub.SpeechRequest::voiceId)
                .toList();
        assertTrue(voices.contains(voice) && !voices.contains("voice-retrained-away"), voices.toString());
        as(user).get(message(id)).then().body("provenance.voice_id", equalTo(voice));
    }

    @Test
    void withEveryWorkerBusyFurtherSynthesesAreClaimedOnceAWorkerIsFreeAndEachIsSpokenOnce() {
        int asked = config.workers() + 2;
        List<Spoken> spoken = new java.util.ArrayList<>();
        for (int i = 0; i < asked; i++) {
            spoken.add(readyToSpeak());
        }
        // Each speech takes a while, so the first requests keep every worker busy while the others are asked for.
        ElevenLabsStub.speechLatency(Duration.ofSeconds(3));
        for (Spoken each : spoken) {
            as(each.user()).post(message(each.id()) + "/synthesize").then().statusCode(202);
        }
        List<String> runsRightAfter = spoken.stream().map(each -> Messages.row(
                "select synthesis_runs from messages where id = ?", UUID.fromString(each.id())).get(0)).toList();
        // A request that found no free worker took no run: its run waits for a claim, holding no lease meanwhile.
        assertTrue(Collections.frequency(runsRightAfter, "1") <= config.workers(), runsRightAfter.toString());
        assertTrue(Collections.frequency(runsRightAfter, "0") >= 2, runsRightAfter.toString());

        for (Spoken each : spoken) {
            awaitStatus(each, "ready");
        }
        for (Spoken each : spoken) {
            assertEquals(1, ElevenLabsStub.speechRequests().stream()
                    .filter(request -> request.voiceId().equals(each.voice())).count(), each.id());
            assertEquals(List.of("1"), Messages.row("select synthesis_runs from messages where id = ?",
                    UUID.fromString(each.id())), each.id());
        }
    }

    @Test
    void aRunLostInACrashRightAfterTheRequestCommittedIsResumedOnlyOnceItsLeaseLapses() {
        Spoken spoken = readyToSpeak();
        UUID id = UUID.fromString(spoken.id());
        // The request committed its first run and the instance stopped before its worker began: nothing in memory.
        Messages.update("update messages set status = 'generating', synthesis_id = gen_random_uuid(), "
                + "synthesis_runs = 1, synthesis_started_at = now(), "
                + "synthesis_lease_expires_at = now() + interval '3 seconds' where id = ?", id);

        // The reaper looks every half second: it leaves the run alone while its lease lasts.
        await().during(Duration.ofMillis(2_000)).atMost(Duration.ofMillis(2_500)).until(() -> List.of("1")
                .equals(Messages.row("select synthesis_runs from messages where id = ?", id))
                && ElevenLabsStub.speechRequests().stream()
                        .noneMatch(request -> request.voiceId().equals(spoken.voice())));

        awaitStatus(spoken, "ready");
        assertEquals(List.of("2"), Messages.row("select synthesis_runs from messages where id = ?", id));
        assertEquals(1, ElevenLabsStub.speechRequests().stream()
                .filter(request -> request.voiceId().equals(spoken.voice())).count());
    }

    private record Spoken(UUID user, UUID profile, String voice, String id) {
    }

    /** A draft of a profile whose voice exists at the provider and is trained. */
    private static Spoken readyToSpeak() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String voice = ElevenLabsStub.voiceExists("Grandma Rose");
        KafkaTestClient.publish(new VoiceTrained(UUID.randomUUID(), profile, user, voice, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> List.of("ready", voice).equals(Messages.voiceOf(profile)));
        return new Spoken(user, profile, voice, draft(user, profile));
    }

    private static void awaitStatus(Spoken spoken, String status) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
                .until(() -> status.equals(as(spoken.user()).get(message(spoken.id())).path("status")));
    }
}
