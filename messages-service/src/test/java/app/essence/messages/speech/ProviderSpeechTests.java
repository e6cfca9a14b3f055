package app.essence.messages.speech;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.ElevenLabsStub;
import app.essence.testing.ElevenLabsStub.Answer;
import app.essence.testing.ElevenLabsStub.SpeechRequest;
import app.essence.testing.Id3Tags;
import app.essence.testing.Mp3Fixtures;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The speech pipeline against the ElevenLabs stub, which checks every request against the vendor's spec. */
@QuarkusTest
@QuarkusTestResource(ElevenLabsStub.class)
@QuarkusTestResource(FastSpeechRetries.class)
class ProviderSpeechTests {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String LETTER = "Happy birthday, my darling Anna. You were the brightest part of every "
            + "year I had. Do you remember the lake behind Grandpa's house? We swam until the sun went down, and "
            + "you laughed the whole way home. I am so proud of the woman you became. Be brave, be kind, and "
            + "never stop laughing like that. I love you, always.";

    @Inject
    MessageSpeech speech;
    @Inject
    ProviderSpeech provider;
    @Inject
    MeterRegistry meters;
    @Inject
    Vertx vertx;

    private String voiceId;

    @BeforeEach
    void freshStub() {
        ElevenLabsStub.reset();
        provider.forgetModels();
        provider.forgetAccount();
        voiceId = ElevenLabsStub.voiceExists("Grandma Rose");
    }

    @AfterEach
    void everyCallFollowedTheSpec() {
        assertEquals(List.of(), ElevenLabsStub.violations());
    }

    @Test
    void aLongTextIsSpokenInSentencesWithTheirNeighboursAndJoinedIntoOneTaggedMp3OfTheirLength() {
        ElevenLabsStub.modelCharacterLimit(120);
        UUID messageId = UUID.randomUUID();

        SpokenAudio audio = speak(messageId, LETTER);

        List<SpeechRequest> calls = ElevenLabsStub.speechRequests();
        assertEquals(3, calls.size(), "pieces: " + calls);
        List<String> pieces = calls.stream().map(SpeechRequest::text).toList();
        assertEquals(LETTER, String.join(" ", pieces));
        for (int i = 0; i < calls.size(); i++) {
            SpeechRequest call = calls.get(i);
            assertTrue(call.text().length() <= 120, call.text());
            assertTrue(call.text().matches(".*[.?!]"), "cut inside a sentence: " + call.text());
            assertEquals(voiceId, call.voiceId());
            assertEquals("mp3_44100_128", call.outputFormat());
            assertEquals("eleven_multilingual_v2", call.modelId());
            assertTrue(call.body().get("voice_settings") instanceof Map, call.body().toString());
            assertEquals(i == 0 ? null : pieces.get(i - 1), call.previousText());
            assertEquals(i == calls.size() - 1 ? null : pieces.get(i + 1), call.nextText());
        }
        long spokenMillis = calls.stream().mapToLong(SpeechRequest::answeredMillis).sum();
        Mp3Fixtures.Decoded decoded = Mp3Fixtures.decode(audio.mp3());
        assertEquals("mp3", decoded.format());
        assertEquals(44_100, decoded.sampleRate());
        assertEquals(1, decoded.channels());
        // no piece's encoder delay or padding is left in: the file lasts what the pieces hold (each rounded to 1 ms)
        assertEquals(spokenMillis, decoded.durationMs(), calls.size());
        assertEquals(decoded.durationMs(), audio.durationMs());
        assertTrue(decoded.rms() > 300, "RMS " + decoded.rms());
        assertEquals(128, audio.mp3().length * 8.0 / audio.durationMs(), 128 * 0.05);
        assertEquals("elevenlabs", audio.provider());
        assertEquals("eleven_multilingual_v2", audio.modelId());
        assertEquals(voiceId, audio.voiceId());
    }

    @Test
    void theMp3SaysInId3TxxxFramesThatItIsAiSpeechOfThisMessageInThisVoice() {
        UUID messageId = UUID.randomUUID();

        SpokenAudio audio = speak(messageId, "I love you, always.");

        Map<String, String> frames = Id3Tags.userTextFrames(audio.mp3());
        assertEquals("true", frames.get("AI_GENERATED"), frames.toString());
        assertEquals(messageId.toString(), frames.get("ESSENCE_MESSAGE_ID"));
        assertEquals(voiceId, frames.get("ESSENCE_VOICE_ID"));
        assertEquals("elevenlabs", frames.get("ESSENCE_PROVIDER"));
        assertEquals("eleven_multilingual_v2", frames.get("ESSENCE_MODEL_ID"));
        // and FFmpeg, as a player would, reads them too
        Map<String, String> tags = Mp3Fixtures.decode(audio.mp3()).tags();
        assertEquals(messageId.toString(), tags.get("ESSENCE_MESSAGE_ID"), tags.toString());
        assertEquals("AI-generated speech in a preserved voice", tags.get("comment"));
    }

    @Test
    void busyAndFailingAnswersAreRetriedUntilTheSpeechComes() {
        ElevenLabsStub.planSpeech(Answer.tooManyConcurrentRequests(), Answer.serverError(),
                Answer.tooManyConcurrentRequests());

        SpokenAudio audio = speak(UUID.randomUUID(), "I love you, always.");

        assertEquals(4, ElevenLabsStub.speechRequests().size());
        assertEquals(ElevenLabsStub.speechRequests().get(3).answeredMillis(), audio.durationMs(), 1);
    }

    @Test
    void aCallThatGetsNoAnswerWithinTheReadTimeoutIsNotMadeAgainForItMayHaveBeenSpokenAndBilled() {
        ElevenLabsStub.planSpeech(Answer.slowSuccess(Duration.ofMillis(9_000)));
        double retriesBefore = meters.counter("essence.speech.provider.retries").count();

        SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), "I love you."));

        assertEquals("provider-timed-out", failure.reason());
        assertFalse(failure.retryable(), "another run would be billed again");
        assertEquals(retriesBefore, meters.counter("essence.speech.provider.retries").count());
        // the abandoned call ends at the stub later; it was the only one
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> ElevenLabsStub.speechRequests().size() == 1);
        assertEquals(1, ElevenLabsStub.speechRequests().size());
    }

    @Test
    void onlyACallThatNeverReachedTheProviderOrWasAnsweredBusyIsMadeAgain() {
        assertTrue(ProviderSpeech.worthCallingAgain(new SpeechCall.NotSent(new java.net.ConnectException())));
        assertTrue(ProviderSpeech.worthCallingAgain(
                new app.essence.common.voice.VoiceProviderException.Busy(429, "too_many_concurrent_requests", "")));
        assertFalse(ProviderSpeech.worthCallingAgain(new SpeechCall.NoWholeAnswer("idle",
                new java.util.concurrent.TimeoutException())));
        assertFalse(ProviderSpeech.worthCallingAgain(new jakarta.ws.rs.ProcessingException("read timed out")));
    }

    @Test
    void anUnreachableProviderIsTriedAgainAndThenUnavailable() {
        int port = ElevenLabsStub.port();
        ElevenLabsStub.unreachable();
        try {
            SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), "Hello."));

            assertEquals("provider-unavailable", failure.reason());
            assertTrue(failure.retryable());
            assertFalse(failure.sentence().contains(String.valueOf(port)), failure.sentence());
        } finally {
            ElevenLabsStub.reachableAgain();
        }
        assertEquals(List.of(), ElevenLabsStub.speechRequests());
    }

    @Test
    void aSuccessThatIsNotAudioIsOurMisconfigurationAndNotTriedAgain() {
        ElevenLabsStub.planSpeech(Answer.notAudio());

        SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), "Hello."));

        assertEquals("provider-misconfigured", failure.reason());
        assertFalse(failure.retryable());
        assertEquals(1, ElevenLabsStub.speechRequests().size());
    }

    @Test
    void aQuotaExceededAnswerIsAnExhaustedBudget() {
        ElevenLabsStub.planSpeech(Answer.quotaExceeded());

        SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), "Hello."));

        assertEquals("character-budget-exhausted", failure.reason());
        assertFalse(failure.retryable());
        assertEquals(1, ElevenLabsStub.speechRequests().size());
    }

    @Test
    void aSubscriptionAnswerThatSaysNothingOfTheCharactersIsOurMisconfigurationNotAnEmptyAccount() {
        for (String answer : List.of("{}", "{\"detail\":{\"status\":\"error\",\"message\":\"oops\"}}",
                "{\"tier\":\"creator\",\"character_count\":null,\"character_limit\":100000}")) {
            ElevenLabsStub.subscriptionAnswers(answer);

            SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), "Hello."));

            assertEquals("provider-misconfigured", failure.reason(), answer);
            assertFalse(failure.retryable());
        }
        assertEquals(List.of(), ElevenLabsStub.speechRequests());
    }

    @Test
    void anAccountAllowedToGoBeyondItsLimitIsSpokenUpToItsExtension() {
        String extendable = "{\"tier\":\"creator\",\"character_count\":100000,\"character_limit\":100000,"
                + "\"can_extend_character_limit\":true,\"allowed_to_extend_character_limit\":true,"
                + "\"max_character_limit_extension\":%s}";
        ElevenLabsStub.subscriptionAnswers(extendable.formatted("1000"));

        assertTrue(speak(UUID.randomUUID(), "Hello, my darling.").durationMs() > 0);

        ElevenLabsStub.subscriptionAnswers(extendable.formatted("5"));
        provider.forgetAccount();
        SpeechFailure failure = assertThrows(SpeechFailure.class,
                () -> speak(UUID.randomUUID(), "Hello, my darling."));
        assertEquals("character-budget-exhausted", failure.reason());
        assertEquals(1, ElevenLabsStub.speechRequests().size());
    }

    @Test
    void aPieceOverTheProvidersLimitDropsTheCachedModelsSoTheNextTryCutsItRight() {
        speak(UUID.randomUUID(), "First.");
        ElevenLabsStub.modelCharacterLimit(120);

        SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), LETTER));
        assertEquals("provider-refused-text", failure.reason());
        assertTrue(failure.retryable(), "the next run asks for the limit again");

        SpokenAudio audio = speak(UUID.randomUUID(), LETTER);
        assertTrue(audio.durationMs() > 0);
        assertEquals(2, ElevenLabsStub.modelRequests());
        assertEquals(1 + 1 + 3, ElevenLabsStub.speechRequests().size());
    }

    @Test
    void aModelListedWithoutALimitIsCutAtTheConfiguredFallback() {
        TextToSpeechApi.Model unlimited = new TextToSpeechApi.Model("m", true, null, null, null);
        assertEquals(2500, unlimited.characterLimit("creator", 2500));
        assertEquals(100, new TextToSpeechApi.Model("m", true, 50, 100, 0).characterLimit("creator", 2500));
        assertEquals(50, new TextToSpeechApi.Model("m", true, 50, 100, null).characterLimit("free", 2500));
    }

    @Test
    void aTextLongerThanAMessageMayBeIsRefusedWithoutCallingTheProvider() {
        SpeechFailure failure = assertThrows(SpeechFailure.class,
                () -> speak(UUID.randomUUID(), "Love. ".repeat(1000)));

        assertEquals("text-too-long", failure.reason());
        assertFalse(failure.retryable());
        assertEquals(0, ElevenLabsStub.subscriptionRequests());
    }

    @Test
    void aStormOf429sNeverPutsMoreCallsInFlightThanTheCapAndEveryMessageIsSpoken() {
        ElevenLabsStub.speechLatency(Duration.ofMillis(150));
        List<Answer> busy = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            busy.add(Answer.tooManyConcurrentRequests());
        }
        ElevenLabsStub.planSpeech(busy.toArray(Answer[]::new));
        List<Uni<SpokenAudio>> messages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            messages.add(speech.speak(new app.essence.messages.speech.SpeechRequest(UUID.randomUUID(),
                    UUID.randomUUID(), voiceId, "Message number " + i + ", spoken with love.")));
        }

        List<SpokenAudio> spoken = Uni.join().all(messages).andFailFast().await().atMost(WAIT);

        assertEquals(6, spoken.size());
        assertEquals(6 + 8, ElevenLabsStub.speechRequests().size());
        assertEquals(2, ElevenLabsStub.mostSpeechInFlight());
        assertEquals(0, meters.counter("essence.speech.provider.queue.full").count());
    }

    @Test
    void callsBeyondTheCapWaitTheirTurnInsteadOfFailingOrRetrying() {
        ElevenLabsStub.speechLatency(Duration.ofMillis(300));
        double retriesBefore = meters.counter("essence.speech.provider.retries").count();
        List<Uni<SpokenAudio>> messages = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            messages.add(speech.speak(new app.essence.messages.speech.SpeechRequest(UUID.randomUUID(),
                    UUID.randomUUID(), voiceId, "Message number " + i + ", spoken with love.")));
        }

        List<SpokenAudio> spoken = Uni.join().all(messages).andFailFast().await().atMost(WAIT);

        assertEquals(6, spoken.size());
        assertEquals(6, ElevenLabsStub.speechRequests().size());
        assertEquals(2, ElevenLabsStub.mostSpeechInFlight());
        assertEquals(retriesBefore, meters.counter("essence.speech.provider.retries").count());
        assertEquals(0, meters.counter("essence.speech.provider.queue.full").count());
    }

    @Test
    void anExhaustedCharacterBudgetFailsAtOnceWithoutSpeaking() {
        ElevenLabsStub.characters(99_990, 100_000);

        SpeechFailure failure = assertThrows(SpeechFailure.class,
                () -> speak(UUID.randomUUID(), "This message has more than ten characters."));

        assertEquals("character-budget-exhausted", failure.reason());
        assertFalse(failure.retryable());
        assertEquals(List.of(), ElevenLabsStub.speechRequests());
        assertEquals(1, ElevenLabsStub.subscriptionRequests());
    }

    @Test
    void aRefusedTextIsNotRetriedAndTheUserReadsOurOwnSentence() {
        ElevenLabsStub.planSpeech(Answer.invalid());

        SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), "Hello."));

        assertEquals("provider-refused-text", failure.reason());
        assertFalse(failure.retryable());
        assertEquals(1, ElevenLabsStub.speechRequests().size());
        assertFalse(failure.sentence().contains("model"), failure.sentence());
        assertFalse(failure.getMessage().contains("could not be spoken by the model"), failure.getMessage());
    }

    @Test
    void aVoiceTheProviderDoesNotKnowIsVoiceNotFound() {
        SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speech.speak(
                new app.essence.messages.speech.SpeechRequest(UUID.randomUUID(), UUID.randomUUID(),
                        "NoSuchVoice000000000", "Hello.")).await().atMost(WAIT));

        assertEquals("voice-not-found", failure.reason());
        assertFalse(failure.retryable());
        assertFalse(failure.sentence().contains("NoSuchVoice"), failure.sentence());
        assertEquals(1, ElevenLabsStub.speechRequests().size());
    }

    @Test
    void aProviderThatKeepsFailingEndsAsUnavailableAndMayBeTriedAgainLater() {
        List<Answer> failing = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            failing.add(Answer.serverError());
        }
        ElevenLabsStub.planSpeech(failing.toArray(Answer[]::new));

        SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), "Hello."));

        assertEquals("provider-unavailable", failure.reason());
        assertTrue(failure.retryable());
        assertEquals(7, ElevenLabsStub.speechRequests().size());
    }

    @Test
    void theModelsAndTheAccountAreAskedForOnceWhileTheirAnswersAreFresh() {
        speak(UUID.randomUUID(), "First.");
        speak(UUID.randomUUID(), "Second.");

        assertEquals(1, ElevenLabsStub.subscriptionRequests());
        assertEquals(1, ElevenLabsStub.modelRequests());
        assertEquals(2, ElevenLabsStub.speechRequests().size());
    }

    @Test
    void theAccountIsAskedForAgainOnceItsAnswerIsOlderThanTheCacheTime() throws InterruptedException {
        speak(UUID.randomUUID(), "First.");
        // FastSpeechRetries trusts the account's answer for 2 s
        Thread.sleep(2_100);

        speak(UUID.randomUUID(), "Second.");

        assertEquals(2, ElevenLabsStub.subscriptionRequests());
    }

    @Test
    void aQuotaExceededAnswerDropsTheCachedAccountSoTheNextSpeechAsksForItAgain() {
        speak(UUID.randomUUID(), "First.");
        ElevenLabsStub.planSpeech(Answer.quotaExceeded());
        SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), "Second."));
        assertEquals("character-budget-exhausted", failure.reason());

        // still within the 2 s the answer is trusted, but spent elsewhere or another plan: asked for again
        speak(UUID.randomUUID(), "Third.");

        assertEquals(2, ElevenLabsStub.subscriptionRequests());
        assertEquals(3, ElevenLabsStub.speechRequests().size());
    }

    @Test
    void charactersLetThroughCountAgainstTheCachedAccountSoItIsNotOverspent() {
        ElevenLabsStub.characters(99_990, 100_000);
        speak(UUID.randomUUID(), "Hello.");

        SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), "Hello."));

        assertEquals("character-budget-exhausted", failure.reason());
        assertEquals(1, ElevenLabsStub.subscriptionRequests(), "the cached answer, less the 6 characters spoken");
        assertEquals(1, ElevenLabsStub.speechRequests().size(), "the second text never reached the provider");
    }

    @Test
    void anUnreadableAccountAnswerIsNotKeptAndTheNextSpeechAsksAgain() {
        ElevenLabsStub.subscriptionAnswers("{}");
        SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), "Hello."));
        assertEquals("provider-misconfigured", failure.reason());

        ElevenLabsStub.subscriptionAnswers(null);
        assertTrue(speak(UUID.randomUUID(), "Hello.").durationMs() > 0);

        assertEquals(2, ElevenLabsStub.subscriptionRequests());
        assertEquals(1, ElevenLabsStub.speechRequests().size());
    }

    @Test
    void anAccountCheckThatGotNoAnswerIsNotKeptAndTheNextSpeechAsksAgain() {
        ElevenLabsStub.unreachable();
        try {
            SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), "Hello."));
            assertEquals("provider-unavailable", failure.reason());
        } finally {
            ElevenLabsStub.reachableAgain();
        }

        assertTrue(speak(UUID.randomUUID(), "Hello.").durationMs() > 0);

        assertEquals(1, ElevenLabsStub.subscriptionRequests());
        assertEquals(1, ElevenLabsStub.speechRequests().size());
    }

    @Test
    void theAudioAndFailuresComeBackOnTheCallersEventLoopAndContextWhereItsDatabaseSessionLives() throws Exception {
        // Hibernate Reactive refuses a session used from another thread than the one that opened it
        Context caller = VertxContext.getOrCreateDuplicatedContext(vertx.getOrCreateContext());
        CompletableFuture<Boolean> spokenOnCaller = new CompletableFuture<>();
        CompletableFuture<Boolean> failedOnCaller = new CompletableFuture<>();

        caller.runOnContext(ignored -> {
            speech.speak(new app.essence.messages.speech.SpeechRequest(UUID.randomUUID(), UUID.randomUUID(),
                    voiceId, "I love you, always.")).subscribe().with(
                            audio -> spokenOnCaller.complete(Vertx.currentContext() == caller
                                    && Context.isOnEventLoopThread()),
                            spokenOnCaller::completeExceptionally);
            speech.speak(new app.essence.messages.speech.SpeechRequest(UUID.randomUUID(), UUID.randomUUID(),
                    "NoSuchVoice000000000", "Hello.")).subscribe().with(
                            audio -> failedOnCaller.complete(false),
                            failure -> failedOnCaller.complete(failure instanceof SpeechFailure
                                    && Vertx.currentContext() == caller && Context.isOnEventLoopThread()));
        });

        assertTrue(spokenOnCaller.get(60, TimeUnit.SECONDS));
        assertTrue(failedOnCaller.get(60, TimeUnit.SECONDS));
    }

    @Test
    void blankTextIsRefusedWithoutCallingTheProvider() {
        for (String blank : List.of("  \n ", "\u00a0\u200b\u2060", "...", "\u2026 \u2014 !?", "\ufeff\u3000")) {
            SpeechFailure failure = assertThrows(SpeechFailure.class, () -> speak(UUID.randomUUID(), blank));

            assertEquals("empty-text", failure.reason(), blank);
            assertFalse(failure.retryable());
            assertNull(failure.getCause());
        }
        assertEquals(0, ElevenLabsStub.subscriptionRequests());
    }

    @Test
    void aTextOfEmojiAndAccentsIsSpoken() {
        assertTrue(speak(UUID.randomUUID(), "Ça va, Zoë? \ud83d\ude00").durationMs() > 0);
    }

    @Test
    void aPlannedAnswerIsNotUsedUpByAVoiceThatDoesNotExist() {
        ElevenLabsStub.planSpeech(Answer.serverError());
        assertThrows(SpeechFailure.class, () -> speech.speak(new app.essence.messages.speech.SpeechRequest(
                UUID.randomUUID(), UUID.randomUUID(), "NoSuchVoice000000000", "Hello.")).await().atMost(WAIT));

        speak(UUID.randomUUID(), "Hello.");

        assertEquals(3, ElevenLabsStub.speechRequests().size(), "the 404, the planned 500, then the speech");
    }

    private SpokenAudio speak(UUID messageId, String text) {
        return speech.speak(new app.essence.messages.speech.SpeechRequest(messageId, UUID.randomUUID(), voiceId,
                text)).await().atMost(WAIT);
    }
}
