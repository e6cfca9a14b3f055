package app.essence.messages.synthesis;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.storage.StorageClient;
import app.essence.common.storage.StorageKeys;
import app.essence.messages.message.LegacyMessage;
import app.essence.messages.message.MessageStatus;
import app.essence.messages.ownership.ProfileOwner;
import app.essence.messages.speech.MessageSpeech;
import app.essence.messages.speech.SpeechFailure;
import app.essence.messages.speech.SpeechRequest;
import app.essence.messages.speech.SpokenAudio;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Does a synthesis's work: asks for the speech, stages the MP3 and records the outcome with its event
 * ({@link SynthesisOutcomes}). Every run in progress here holds one of {@code workers} permits, so no run waits
 * here holding a lease. A request that finds a permit free takes the first run in its own transaction and hands it to
 * a worker that starts at once ({@link #start}); otherwise, and for a run whose lease ran out (a crash, a hung call,
 * a pause after a retryable failure), a worker claims the message ({@link #runSoon}) once a permit is free, and the
 * {@link SynthesisReaper} offers it again meanwhile. A run renews its lease until its speech comes; one whose
 * renewal finds the message gone from it is not spoken (docs/messages.md). The synthesis id and run number fence
 * stale runs out, a run of an earlier synthesis of the same message included: only the run that holds the message
 * moves its audio to the message's key and records it, so a message spoken twice (a retry after a lost answer) keeps
 * one file.
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
    /** One per worker: a run in progress here holds one, from before the request's transaction until it ends. */
    private final Semaphore free;
    /** Messages waiting for a worker here, so the reaper does not queue one twice. */
    private final Set<UUID> queued = ConcurrentHashMap.newKeySet();
    /** Runs handed to a worker that has not begun them yet: given back at once if this instance stops. */
    private final Set<Held> handedOff = ConcurrentHashMap.newKeySet();

    public SynthesisRuns(MessageSpeech speech, SynthesisOutcomes outcomes, StorageClient storage,
            SynthesisConfig config) {
        this.speech = speech;
        this.outcomes = outcomes;
        this.storage = storage;
        this.config = config;
        this.workers = Executors.newFixedThreadPool(config.workers(), daemon("message-synthesis"));
        this.free = new Semaphore(config.workers());
        this.renewals = Executors.newSingleThreadScheduledExecutor(daemon("message-synthesis-lease"));
    }

    /**
     * Reserves a worker for a run the request is about to take, if one is free; the caller either hands the run over
     * ({@link #start}) or gives the worker back ({@link #releaseWorker}).
     */
    public boolean reserveWorker() {
        return free.tryAcquire();
    }

    /** Gives back a worker reserved for a run that did not begin (the request's transaction failed, or took none). */
    public void releaseWorker() {
        free.release();
    }

    /**
     * Runs a synthesis whose first run the request took in its own transaction ({@link #take}), on the worker it
     * reserved: it begins at once, with no second transaction before the speech.
     */
    public void start(Run run) {
        Held held = new Held(run);
        try {
            keepRenewing(held);
            handedOff.add(held);
            workers.execute(() -> {
                try {
                    if (handedOff.remove(held)) {
                        quietly(run.messageId(), () -> speakAndRecord(held));
                    }
                } finally {
                    free.release();
                }
            });
        } catch (RejectedExecutionException e) {
            // This instance is stopping: the run is committed; giving its lease back lets a reaper take it at once.
            handedOff.remove(held);
            free.release();
            giveBack(held);
        }
    }

    /**
     * Claims the synthesis and runs it on one of the workers, unless it is queued here already (the reaper's way). A
     * worker that finds every permit taken leaves it: its lease has lapsed, and the reaper offers it again.
     */
    public void runSoon(UUID messageId) {
        if (!queued.add(messageId)) {
            return;
        }
        try {
            workers.execute(() -> {
                queued.remove(messageId);
                if (!free.tryAcquire()) {
                    LOG.debugf("message %s waits for the reaper's next pass: every worker is busy", messageId);
                    return;
                }
                try {
                    quietly(messageId, () -> {
                        Run run = await(() -> RowSecurity.inSystemTransaction("message synthesis",
                                () -> claim(messageId)));
                        if (run != null) {
                            speakAndRecord(hold(run));
                        }
                    });
                } finally {
                    free.release();
                }
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

    /** Runs handed off but not begun give their leases back, so that a restarted instance takes them at once. */
    void stop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
        renewals.shutdownNow();
        for (Held held : handedOff) {
            if (handedOff.remove(held)) {
                giveBack(held);
            }
        }
    }

    /** Ends the run's lease now (if it still holds the message); the run still counts toward {@code max-runs}. */
    private void giveBack(Held held) {
        held.stop();
        UUID messageId = held.run().messageId();
        try {
            await(() -> RowSecurity.inSystemTransaction("message synthesis",
                    () -> SynthesisOutcomes.leaseFor(held.run(), Duration.ZERO)));
            LOG.infof("message %s is given back to the reaper: this instance is stopping", messageId);
        } catch (RuntimeException e) {
            LOG.infof("message %s is left to the reaper once its lease lapses: %s", messageId, e.toString());
        }
    }

    private static void quietly(UUID messageId, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException e) {
            // Its lease runs out and the reaper resumes it.
            LOG.warnf("synthesis of message %s stopped and will be resumed: %s", messageId, e.toString());
        }
    }

    /** Speaks the run and records how it ended; a run a renewal found lost is not spoken. */
    void speakAndRecord(Held held) {
        Run run = held.run();
        UUID messageId = run.messageId();
        if (held.lost()) {
            held.stop();
            LOG.infof("message %s: run %d lost the message before it was spoken; not spoken", messageId,
                    run.number());
            return;
        }
        SpokenAudio audio;
        try {
            audio = speak(held);
        } catch (SpeechFailure failure) {
            if (failure.retryable() && run.number() < config.maxRuns()) {
                LOG.infof("message %s: run %d failed (%s), tried again in %s", messageId, run.number(),
                        failure.reason(), config.retryPause());
                await(() -> RowSecurity.inSystemTransaction("message synthesis",
                        () -> outcomes.retryLater(run, config.retryPause())));
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

    /** Renews the run's lease a few times per lease until it stops or a renewal finds it lost. */
    Held hold(Run run) {
        Held held = new Held(run);
        keepRenewing(held);
        return held;
    }

    private void keepRenewing(Held held) {
        long every = Math.max(1, config.lease().toMillis() / 3);
        held.renewedBy(renewals.scheduleAtFixedRate(() -> renew(held), every, every, TimeUnit.MILLISECONDS));
    }

    /** Waits for the speech; the lease is renewed until it comes. */
    private SpokenAudio speak(Held held) {
        Run run = held.run();
        try {
            return speech.speak(new SpeechRequest(run.messageId(), run.profileId(), run.voiceId(), run.text()))
                    .await().atMost(config.speechTimeout());
        } finally {
            held.stop();
        }
    }

    /** One renewal; a run that no longer holds the message (deleted, erased, resumed elsewhere) is marked lost. */
    void renew(Held held) {
        Run run = held.run();
        try {
            int renewed = await(() -> RowSecurity.inSystemTransaction("message synthesis",
                    () -> SynthesisOutcomes.leaseFor(run,
                    config.lease())));
            if (renewed == 0) {
                held.lose();
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

    /** A run this instance holds: its lease's renewal, and whether a renewal found the message gone from it. */
    static final class Held {
        private final Run run;
        private volatile boolean lost;
        private volatile ScheduledFuture<?> renewal;

        Held(Run run) {
            this.run = run;
        }

        Run run() {
            return run;
        }

        boolean lost() {
            return lost;
        }

        private void renewedBy(ScheduledFuture<?> renewal) {
            this.renewal = renewal;
            if (lost) {
                renewal.cancel(false);
            }
        }

        private void lose() {
            lost = true;
            stop();
        }

        /** No more renewals. */
        void stop() {
            ScheduledFuture<?> current = renewal;
            if (current != null) {
                current.cancel(false);
            }
        }
    }

    /** A run of a synthesis: its synthesis id and number are the fencing token. */
    public record Run(UUID messageId, int number, UUID userId, UUID profileId, String voiceId, String text,
            UUID synthesisId) {
    }
}
