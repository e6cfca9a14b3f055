package app.essence.messages.synthesis;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.storage.StorageClient;
import app.essence.common.storage.StorageKeys;
import app.essence.messages.message.LegacyMessage;
import app.essence.messages.message.MessageStatus;
import app.essence.messages.ownership.ProfileOwner;
import app.essence.messages.speech.MessageSpeech;
import app.essence.messages.speech.SpeechFailure;
import app.essence.messages.speech.SpeechRequest;
import app.essence.messages.speech.SpokenAudio;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Does a synthesis's work: asks for the speech, stages the MP3 and records the outcome with its event
 * ({@link SynthesisOutcomes}). A run holds the message's lease and renews it until its speech comes: the first run is
 * taken in the request's own transaction and handed to a worker ({@link #start}); a run whose lease ran out (a crash,
 * a hung call) is claimed and resumed by the {@link SynthesisReaper} ({@link #runSoon}). The synthesis id and
 * run number fence stale runs out, a run of an earlier synthesis of the same message included: only the run that
 * holds the message moves its audio to the message's key and records it, so a message spoken twice (a retry after a
 * lost answer) keeps one file.
 */
@ApplicationScoped
public class SynthesisRuns {
    private static final Logger LOG = Logger.getLogger(SynthesisRuns.class);

    private final MessageSpeech speech;
    private final SynthesisOutcomes outcomes;
    private final StorageClient storage;
    private final SynthesisConfig config;
    private final ExecutorService workers;
    private final ScheduledExecutorService renewals;
    /** Messages waiting for a worker here, so the reaper does not queue one twice. */
    private final Set<UUID> queued = ConcurrentHashMap.newKeySet();

    public SynthesisRuns(MessageSpeech speech, SynthesisOutcomes outcomes, StorageClient storage,
            SynthesisConfig config) {
        this.speech = speech;
        this.outcomes = outcomes;
        this.storage = storage;
        this.config = config;
        this.workers = Executors.newFixedThreadPool(config.workers(), daemon("message-synthesis"));
        this.renewals = Executors.newSingleThreadScheduledExecutor(daemon("message-synthesis-lease"));
    }

    /**
     * Runs a synthesis whose first run the request took in its own transaction ({@link #take}) on one of the
     * workers, with no second transaction before the speech. Its lease is renewed from now on, while it waits for a
     * worker too, so no reaper takes a run that is only queued here.
     */
    public void start(Run run) {
        ScheduledFuture<?> renewal = null;
        try {
            renewal = holdLease(run);
            ScheduledFuture<?> held = renewal;
            workers.execute(() -> quietly(run.messageId(), () -> speakAndRecord(run, held)));
        } catch (RejectedExecutionException e) {
            // This instance is stopping: the run is committed with its lease, and a reaper resumes it once that lapses.
            if (renewal != null) {
                renewal.cancel(false);
            }
            LOG.infof("message %s is left to the reaper: this instance is stopping", run.messageId());
        }
    }

    /** Claims the synthesis and runs it on one of the workers, unless it is queued here already (the reaper's way). */
    public void runSoon(UUID messageId) {
        if (!queued.add(messageId)) {
            return;
        }
        try {
            workers.execute(() -> {
                queued.remove(messageId);
                quietly(messageId, () -> {
                    Run run = await(() -> Panache.withTransaction(() -> claim(messageId)));
                    if (run != null) {
                        speakAndRecord(run, holdLease(run));
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            // This instance is stopping: the synthesis stays committed and a reaper (here or elsewhere) runs it.
            queued.remove(messageId);
            LOG.infof("message %s is left to the reaper: this instance is stopping", messageId);
        }
    }

    /**
     * Takes the message for its next run, in the caller's transaction that holds the message's row lock: the run
     * number and a lease from {@code now} (the database's clock).
     */
    Run take(LegacyMessage message, Instant now) {
        message.synthesisRuns++;
        message.synthesisLeaseExpiresAt = now.plus(config.lease());
        return new Run(message.id, message.synthesisRuns, message.userId, message.profileId, message.voiceId,
                message.generatedText, message.synthesisId);
    }

    void stop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
        renewals.shutdownNow();
    }

    private static void quietly(UUID messageId, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // Its lease runs out and the reaper resumes it.
            LOG.warnf("synthesis of message %s stopped and will be resumed: %s", messageId, e.toString());
        }
    }

    private void speakAndRecord(Run run, ScheduledFuture<?> renewal) {
        UUID messageId = run.messageId();
        SpokenAudio audio;
        try {
            audio = speak(run, renewal);
        } catch (SpeechFailure failure) {
            if (failure.retryable() && run.number() < config.maxRuns()) {
                LOG.infof("message %s: run %d failed (%s), tried again in %s", messageId, run.number(),
                        failure.reason(), config.retryPause());
                await(() -> Panache.withTransaction(() -> outcomes.retryLater(run, config.retryPause())));
            } else {
                LOG.warnf("message %s: speech failed (%s)", messageId, failure.reason());
                outcomes.fail(run.messageId(), run.synthesisId(), run.number(), failure.reason(),
                        failure.sentence());
            }
            return;
        }
        String staged = StorageKeys.incomingMessage(run.userId(), run.profileId(), messageId, run.synthesisId(),
                run.number());
        try {
            storage.put(staged, new ByteArrayInputStream(audio.mp3()), audio.mp3().length, "audio/mpeg");
        } catch (IOException e) {
            throw new UncheckedIOException("the audio of message " + messageId + " cannot be staged", e);
        }
        boolean kept = false;
        try {
            kept = outcomes.ready(run, staged, audio);
        } catch (RuntimeException e) {
            try {
                outcomes.unrecorded(run);
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        } finally {
            if (!kept) {
                discard(staged);
            }
        }
        if (!kept) {
            LOG.infof("message %s: run %d lost the message, its audio is not kept", messageId, run.number());
        }
    }

    /** Renews the run's lease a few times per lease (while the run still holds it) until cancelled. */
    private ScheduledFuture<?> holdLease(Run run) {
        long every = Math.max(1, config.lease().toMillis() / 3);
        return renewals.scheduleAtFixedRate(() -> renew(run), every, every, TimeUnit.MILLISECONDS);
    }

    /** Waits for the speech; the lease is renewed until it comes. */
    private SpokenAudio speak(Run run, ScheduledFuture<?> renewal) {
        try {
            return speech.speak(new SpeechRequest(run.messageId(), run.profileId(), run.voiceId(), run.text()))
                    .await().atMost(config.speechTimeout());
        } finally {
            renewal.cancel(false);
        }
    }

    private void renew(Run run) {
        try {
            int held = await(() -> Panache.withTransaction(() -> SynthesisOutcomes.leaseFor(run, config.lease())));
            if (held == 0) {
                LOG.infof("message %s: run %d no longer holds it", run.messageId(), run.number());
            }
        } catch (RuntimeException e) {
            LOG.warnf("message %s: the lease could not be renewed: %s", run.messageId(), e.toString());
        }
    }

    /**
     * Takes the message for a new run if its synthesis is going on and no live run holds it (by the database's
     * clock). The run speaks in the profile's voice as it is now: a voice retrained since the request replaces it.
     */
    private Uni<Run> claim(UUID messageId) {
        return DatabaseClock.now().flatMap(now -> LegacyMessage.<LegacyMessage> findById(messageId,
                LockModeType.PESSIMISTIC_WRITE).flatMap(message -> {
                    if (message == null || message.status != MessageStatus.generating
                            || message.synthesisLeaseExpiresAt.isAfter(now)) {
                        return Uni.createFrom().<Run> nullItem();
                    }
                    return ProfileOwner.<ProfileOwner> findById(message.profileId).map(owner -> {
                        if (owner != null && owner.voiceId != null) {
                            message.voiceId = owner.voiceId;
                        }
                        return take(message, now);
                    });
                }));
    }

    private void discard(String staged) {
        try {
            storage.delete(staged);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("staged audio %s stays until the staged sweep: %s", staged, e.toString());
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** A run of a synthesis: its synthesis id and number are the fencing token. */
    public record Run(UUID messageId, int number, UUID userId, UUID profileId, String voiceId, String text,
            UUID synthesisId) {
    }
}
