package app.essence.messages.speech;

import app.essence.common.metrics.ProviderCallMeter;
import app.essence.common.voice.ProviderErrorMapper;
import app.essence.common.voice.VoiceProviderException;
import app.essence.common.voice.VoiceProviderSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.Guard;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.VertxException;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.jboss.logging.Logger;

/**
 * Speaks messages at the configured provider (ElevenLabs, or the local engine that answers its API): checks the
 * account's character budget, cuts a text longer than the model's per-request limit between sentences, speaks the
 * pieces in order with their neighbours' text for continuity, and joins them into one tagged MP3 on a worker thread.
 * Provider calls from this instance are capped at {@code essence.speech.max-in-flight}, the rest queue (an
 * asynchronous bulkhead); 429, 5xx and calls that never reached the provider are retried with exponential backoff,
 * each retry queueing again. A refusal (401, 404, 422, …) is not retried, nor is a call that was sent and got no
 * whole answer: the provider may have spoken and billed it. docs/speech.md describes it all.
 */
@ApplicationScoped
@Startup // the speech settings are checked when the service starts, not at the first message
public class ProviderSpeech implements MessageSpeech {
    /** ID3 user text frames (TXXX) naming what the file is; {@code comment} is the COMM frame players show. */
    static final String TAG_AI_GENERATED = "AI_GENERATED";
    static final String TAG_MESSAGE_ID = "ESSENCE_MESSAGE_ID";
    static final String TAG_VOICE_ID = "ESSENCE_VOICE_ID";
    static final String TAG_PROVIDER = "ESSENCE_PROVIDER";
    static final String TAG_MODEL_ID = "ESSENCE_MODEL_ID";
    /** The calls' names in essence_provider_calls_seconds (docs/deploy.md, "Metrics"). */
    static final String TEXT_TO_SPEECH = "text_to_speech";
    static final String READ_SUBSCRIPTION = "read_subscription";
    static final String LIST_MODELS = "list_models";
    /** What ElevenLabs answers for a voice that does not exist (a 404 or 400 with one of these codes). */
    private static final Set<String> NO_SUCH_VOICE = Set.of("voice_not_found", "voice_does_not_exist");
    /** ElevenLabs' 401 when the account's characters are used up. */
    private static final String QUOTA_EXCEEDED = "quota_exceeded";
    /** ElevenLabs' answer to a piece longer than the model's per-request limit. */
    private static final String PIECE_TOO_LONG = "max_character_limit_exceeded";
    private static final TypeLiteral<Uni<byte[]>> AUDIO = new TypeLiteral<>() {
    };
    private static final Logger LOG = Logger.getLogger(ProviderSpeech.class);

    private final TextToSpeechApi api;
    private final HttpClient http;
    private final SpeechCall.Target target;
    /** Joins hold a message's audio in memory: as many at once as there are cores, the rest wait. */
    private final ExecutorService joins;
    private final VoiceProviderSettings.Resolved provider;
    private final SpeechSettings settings;
    private final String modelId;
    private final Mp3Joiner.Mp3Format format;
    private final TextToSpeechApi.VoiceSettings voiceSettings;
    /** Speech calls: in-flight cap with a queue, retried. */
    private final Guard speechCalls;
    /** Reading the account and the models: retried, not counted against the cap (they generate nothing). */
    private final Guard readCalls;
    private final ProviderCallMeter calls;
    private volatile Cached<List<TextToSpeechApi.Model>> models;
    /** The account's answer, trusted for {@code account-cache-for}; only a readable answer is kept. */
    private volatile Account account;

    public ProviderSpeech(VoiceProviderSettings providerSettings, SpeechSettings settings, MeterRegistry meters,
            ProviderCallMeter calls, Vertx vertx) {
        this.provider = providerSettings.resolved();
        this.calls = calls;
        calls.register(provider.name(), TEXT_TO_SPEECH, READ_SUBSCRIPTION, LIST_MODELS);
        this.settings = settings;
        this.modelId = settings.modelId()
                .orElse(provider.name().equals("local") ? "essence_local_marytts" : "eleven_multilingual_v2");
        this.format = Mp3Joiner.Mp3Format.parse(settings.outputFormat());
        this.voiceSettings = checkedVoiceSettings(settings.voiceSettings());
        check(settings);
        this.http = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) providerSettings.connectTimeout().toMillis())
                .setMaxPoolSize(Math.max(settings.maxInFlight(), 1)));
        this.target = new SpeechCall.Target(provider.url(), provider.apiKey(), format.name(),
                providerSettings.readTimeout());
        int cores = Runtime.getRuntime().availableProcessors();
        this.joins = Executors.newFixedThreadPool(cores, runnable -> {
            Thread thread = new Thread(runnable, "speech-join");
            thread.setDaemon(true);
            return thread;
        });
        this.api = QuarkusRestClientBuilder.newBuilder()
                .baseUri(URI.create(provider.url()))
                .connectTimeout(providerSettings.connectTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(providerSettings.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .register(new ProviderErrorMapper())
                .build(TextToSpeechApi.class);
        Counter retries = meters.counter("essence.speech.provider.retries");
        Counter turnedAway = meters.counter("essence.speech.provider.queue.full");
        this.speechCalls = Guard.create().withDescription("speech at " + provider.name())
                .withBulkhead().limit(settings.maxInFlight()).queueSize(settings.maxWaiting())
                .onRejected(turnedAway::increment).done()
                .withRetry().with(this::speechRetried).onRetry(retries::increment).done()
                .build();
        this.readCalls = Guard.create().withDescription("account and models at " + provider.name())
                .withRetry().with(this::retried).onRetry(retries::increment).done()
                .build();
        LOG.infof("speech: %s at %s, model %s, %s, at most %d calls in flight", provider.name(), provider.url(),
                modelId, format.name(), settings.maxInFlight());
    }

    /** Settings the provider would refuse, or that make no sense, stop the service at start. */
    static TextToSpeechApi.VoiceSettings checkedVoiceSettings(SpeechSettings.VoiceSettings voice) {
        within("stability", voice.stability(), 0, 1);
        within("similarity-boost", voice.similarityBoost(), 0, 1);
        within("style", voice.style(), 0, 1);
        within("speed", voice.speed(), 0.7, 1.2);
        return new TextToSpeechApi.VoiceSettings(voice.stability(), voice.similarityBoost(), voice.style(),
                voice.useSpeakerBoost(), voice.speed());
    }

    private static void within(String name, double value, double least, double most) {
        if (!(value >= least && value <= most)) {
            throw new IllegalArgumentException("essence.speech.voice-settings." + name + " must be within " + least
                    + " and " + most + ", not " + value);
        }
    }

    private static void check(SpeechSettings settings) {
        if (settings.maxInFlight() < 1 || settings.maxWaiting() < 0 || settings.fallbackCharacterLimit() < 1
                || settings.maxCharacters() < 1 || settings.maxSecondsPerCharacter() <= 0
                || settings.audioMarginBytes() < 0 || settings.accountCacheFor().isNegative()) {
            throw new IllegalArgumentException("essence.speech: max-in-flight, fallback-character-limit, "
                    + "max-characters and max-seconds-per-character must be positive, max-waiting, "
                    + "audio-margin-bytes and account-cache-for not negative");
        }
    }

    @PreDestroy
    void close() {
        joins.shutdownNow();
        http.close();
    }

    @Override
    public Uni<SpokenAudio> speak(SpeechRequest request) {
        return Uni.createFrom().deferred(() -> {
            Context caller = Vertx.currentContext();
            Uni<SpokenAudio> spoken = spoken(request)
                    .ifNoItem().after(settings.deadline())
                    .failWith(() -> new SpeechCall.NoWholeAnswer("out of time",
                            new SpeechCall.TimedOut(settings.deadline())))
                    .onFailure(failure -> !(failure instanceof SpeechFailure))
                    .transform(failure -> failure(request, failure));
            // back to the caller's context: its Hibernate Reactive session lives there
            return caller == null ? spoken : spoken.emitOn(task -> caller.runOnContext(ignored -> task.run()));
        });
    }

    private Uni<SpokenAudio> spoken(SpeechRequest request) {
        String text = request.text() == null ? "" : request.text().strip();
        if (!SpeechText.speakable(text)) {
            return Uni.createFrom().failure(SpeechFailure.emptyText());
        }
        if (text.codePointCount(0, text.length()) > settings.maxCharacters()) {
            return Uni.createFrom().failure(SpeechFailure.textTooLong(settings.maxCharacters()));
        }
        if (request.voiceId() == null || request.voiceId().isBlank()) {
            return Uni.createFrom().failure(SpeechFailure.voiceNotFound(null));
        }
        return account().flatMap(account -> {
            long needed = text.codePointCount(0, text.length());
            if (!account.take(needed)) {
                LOG.warnf("message %s needs %d characters, the %s account has %d left of %d", request.messageId(),
                        needed, provider.name(), account.left(), account.answer().characterLimit());
                return Uni.createFrom().failure(SpeechFailure.budgetExhausted(null));
            }
            return characterLimit(account.answer().tier())
                    .flatMap(limit -> speakPieces(request.voiceId(), SpeechText.pieces(text, limit)));
        }).flatMap(pieces -> Uni.createFrom().item(() -> join(request, pieces)).runSubscriptionOn(joins));
    }

    /** The pieces in order, each with the text around it, so that the voice carries on across the cuts. */
    private Uni<List<byte[]>> speakPieces(String voiceId, List<String> pieces) {
        return Multi.createFrom().range(0, pieces.size())
                .onItem().transformToUniAndConcatenate(i -> {
                    TextToSpeechApi.SpeechBody body = new TextToSpeechApi.SpeechBody(pieces.get(i), modelId,
                            voiceSettings, i > 0 ? pieces.get(i - 1) : null,
                            i + 1 < pieces.size() ? pieces.get(i + 1) : null);
                    return Uni.createFrom().deferred(() -> speechCalls.get(() -> call(voiceId, body), AUDIO));
                })
                .collect().asList();
    }

    /**
     * One call, within a time and a size its text allows. A call abandoned after it was sent keeps its turn in the
     * cap a while longer: the provider may still be generating it, and counts it against the account meanwhile.
     */
    private Uni<byte[]> call(String voiceId, TextToSpeechApi.SpeechBody body) {
        int characters = body.text().codePointCount(0, body.text().length());
        Duration total = settings.callTimeout().base().plus(settings.callTimeout().perCharacter()
                .multipliedBy(characters));
        long maxBytes = (long) Math.ceil(characters * settings.maxSecondsPerCharacter() * format.bytesPerSecond())
                + settings.audioMarginBytes();
        return calls.timed(provider.name(), TEXT_TO_SPEECH, SpeechCall.speak(http, target, voiceId, body, maxBytes, total))
                .onFailure(SpeechCall.NoWholeAnswer.class).call(() -> Uni.createFrom().voidItem()
                        .onItem().delayIt().by(settings.abandonedCallHold()));
    }

    private SpokenAudio join(SpeechRequest request, List<byte[]> pieces) {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("comment", "AI-generated speech in a preserved voice");
        tags.put(TAG_AI_GENERATED, "true");
        tags.put(TAG_MESSAGE_ID, String.valueOf(request.messageId()));
        tags.put(TAG_VOICE_ID, request.voiceId());
        tags.put(TAG_PROVIDER, provider.name());
        tags.put(TAG_MODEL_ID, modelId);
        long started = System.nanoTime();
        Mp3Joiner.Joined joined = Mp3Joiner.join(pieces, format, tags);
        LOG.debugf("message %s: %d pieces joined into %d ms of MP3 (%d bytes) in %d ms", request.messageId(),
                pieces.size(), joined.durationMs(), joined.mp3().length, (System.nanoTime() - started) / 1_000_000);
        return new SpokenAudio(joined.mp3(), joined.durationMs(), provider.name(), modelId, request.voiceId());
    }

    /**
     * The account's characters, from {@code GET /v1/user/subscription}, cached for {@code account-cache-for}, less
     * the characters let through since. Another instance's spending, or a change of plan, is not seen until the
     * answer is asked for again: a text the account can no longer pay for is answered 401 {@code quota_exceeded}
     * by the provider, which (like a refused key or a piece too long for the tier) drops the cached answer. A
     * failed or unreadable answer is not kept.
     */
    private Uni<Account> account() {
        Account cached = account;
        if (cached != null && System.nanoTime() - cached.askedAt() < settings.accountCacheFor().toNanos()) {
            return Uni.createFrom().item(cached);
        }
        long asked = System.nanoTime();
        return read(READ_SUBSCRIPTION, () -> api.subscription(provider.apiKey())).map(answer -> {
            if (answer == null || !answer.readable()) {
                throw SpeechFailure.misconfigured(new IllegalStateException("the " + provider.name()
                        + " provider's subscription answer names no character count and limit"));
            }
            Account fresh = new Account(answer, asked);
            account = fresh;
            return fresh;
        });
    }

    /** The next speech asks the provider for its account again (tests change it). */
    void forgetAccount() {
        account = null;
    }

    /** The model's per-request character limit for the account's tier, from {@code GET /v1/models} (cached). */
    private Uni<Integer> characterLimit(String tier) {
        Cached<List<TextToSpeechApi.Model>> cached = models;
        Uni<List<TextToSpeechApi.Model>> listed = cached != null && cached.fresh(settings.modelsCacheFor())
                ? Uni.createFrom().item(cached.value())
                : read(LIST_MODELS, () -> api.models(provider.apiKey())).invoke(fetched -> models = new Cached<>(
                        fetched, System.nanoTime()));
        return listed.map(all -> all.stream().filter(model -> modelId.equals(model.modelId())).findFirst()
                .map(model -> model.characterLimit(tier, settings.fallbackCharacterLimit()))
                .orElseThrow(() -> SpeechFailure.misconfigured(new IllegalStateException("the " + provider.name()
                        + " provider lists no model " + modelId))));
    }

    /** The next speech asks the provider for its models again (tests change them). */
    void forgetModels() {
        models = null;
    }

    private <T> Uni<T> read(String operation, Supplier<Uni<T>> call) {
        return Uni.createFrom().deferred(() -> readCalls.get(() -> calls.timed(provider.name(), operation, call.get()),
                new TypeLiteral<Uni<T>>() {
        }));
    }

    private void retried(Guard.Builder.RetryBuilder retry) {
        retried(retry, ProviderSpeech::worthRetrying);
    }

    private void speechRetried(Guard.Builder.RetryBuilder retry) {
        retried(retry, ProviderSpeech::worthCallingAgain);
    }

    private void retried(Guard.Builder.RetryBuilder retry, java.util.function.Predicate<Throwable> when) {
        SpeechSettings.Retry config = settings.retry();
        long first = config.firstDelay().toMillis();
        retry.maxRetries(config.maxRetries())
                .delay(first, ChronoUnit.MILLIS)
                .jitter(Math.min(200, first / 2), ChronoUnit.MILLIS)
                .maxDuration(config.maxDuration().toMillis(), ChronoUnit.MILLIS)
                .whenException(when)
                .withExponentialBackoff().factor(2).maxDelay(config.maxDelay().toMillis(), ChronoUnit.MILLIS).done();
    }

    /** Reading the account or the models: busy (429, 5xx), no answer, or no turn: it may succeed later. */
    static boolean worthRetrying(Throwable failure) {
        return failure instanceof VoiceProviderException.Busy || failure instanceof ProcessingException
                || failure instanceof IOException || failure instanceof TimeoutException
                || failure instanceof VertxException || failure instanceof BulkheadException
                || failure instanceof SpeechCall.NotSent;
    }

    /**
     * A text-to-speech call is made again only when it was answered busy (429, 5xx: not spoken), never reached
     * the provider, or found no turn in the queue. One that was sent and got no whole answer is not: the
     * provider may have spoken, and billed, it.
     */
    static boolean worthCallingAgain(Throwable failure) {
        return failure instanceof VoiceProviderException.Busy || failure instanceof SpeechCall.NotSent
                || failure instanceof BulkheadException;
    }

    /** Our failure for what the provider answered; its own words go to the log only. */
    private SpeechFailure failure(SpeechRequest request, Throwable failure) {
        SpeechFailure mapped;
        if (failure instanceof VoiceProviderException.Refused refused) {
            if (PIECE_TOO_LONG.equals(refused.code()) || refused.status() == 401 || refused.status() == 403) {
                // the account's answer is stale (spent elsewhere, another tier, another key): asked for again
                forgetAccount();
            }
            if (PIECE_TOO_LONG.equals(refused.code())) {
                // the cached limit is stale: the next run asks for the models again
                forgetModels();
                mapped = SpeechFailure.refusedText(failure, true);
            } else if (refused.status() == 401 && QUOTA_EXCEEDED.equals(refused.code())) {
                mapped = SpeechFailure.budgetExhausted(failure);
            } else if (NO_SUCH_VOICE.contains(refused.code())) {
                mapped = SpeechFailure.voiceNotFound(failure);
            } else if (refused.status() == 401 || refused.status() == 403 || refused.status() == 404) {
                // a key the provider does not take, or nothing at that address: ours to fix, not the user's
                mapped = SpeechFailure.misconfigured(failure);
            } else if (refused.status() == 422 || refused.status() == 400) {
                mapped = SpeechFailure.refusedText(failure);
            } else {
                mapped = SpeechFailure.refused(failure);
            }
        } else if (failure instanceof SpeechCall.NoWholeAnswer lost) {
            // spoken or not, the provider may have billed it: a later run may try again, this call does not
            mapped = lost.timedOut() ? SpeechFailure.timedOut(failure) : SpeechFailure.providerUnavailable(failure);
        } else if (failure instanceof SpeechCall.NotAudio) {
            mapped = SpeechFailure.misconfigured(failure);
        } else if (failure instanceof SpeechCall.TooMuchAudio) {
            mapped = SpeechFailure.audioUnusable(failure, false);
        } else if (worthRetrying(failure)) {
            mapped = SpeechFailure.providerUnavailable(failure);
        } else if (failure instanceof Mp3Joiner.UnusableAudio unusable) {
            mapped = SpeechFailure.audioUnusable(failure, !unusable.lasting());
        } else {
            mapped = SpeechFailure.misconfigured(failure);
        }
        String answered = failure instanceof VoiceProviderException provider ? provider.describe()
                : failure.toString();
        LOG.warnf("message %s could not be spoken (%s): %s", request.messageId(), mapped.reason(), answered);
        return mapped;
    }

    /** The account's answer, when it was asked for, and its characters left less those let through since. */
    private static final class Account {
        private final TextToSpeechApi.Subscription answer;
        private final long askedAt;
        private final AtomicLong left;

        Account(TextToSpeechApi.Subscription answer, long askedAt) {
            this.answer = answer;
            this.askedAt = askedAt;
            this.left = new AtomicLong(answer.charactersLeft());
        }

        TextToSpeechApi.Subscription answer() {
            return answer;
        }

        long askedAt() {
            return askedAt;
        }

        long left() {
            return left.get();
        }

        /** Lets {@code characters} through if they are left, counting them as spent. */
        boolean take(long characters) {
            return left.getAndUpdate(now -> now >= characters ? now - characters : now) >= characters;
        }
    }

    /** One provider answer and when it was asked for. */
    private record Cached<T>(T value, long fetchedAt) {
        boolean fresh(Duration ttl) {
            return System.nanoTime() - fetchedAt < ttl.toNanos();
        }
    }
}
