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
 * ({@link SynthesisOutcomes}). A run first takes the message's lease and renews it while it waits for the speech;
 * a run whose lease ran out (a crash, a hung call) is resumed by the {@link SynthesisReaper}. The synthesis id and
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

    /** Runs the synthesis on one of the workers, unless it is queued here already. */
    public void runSoon(UUID messageId) {
        if (!queued.add(messageId)) {
            return;
        }
        try {
            workers.execute(() -> {
                queued.remove(messageId);
                try {
                    run(messageId);
                } catch (RuntimeException e) {
                    // Its lease runs out and the reaper resumes it.
                    LOG.warnf("synthesis of message %s stopped and will be resumed: %s", messageId, e.toString());
                }
            });
        } catch (RejectedExecutionException e) {
            // This instance is stopping: the synthesis stays committed and a reaper (here or elsewhere) runs it.
            queued.remove(messageId);
            LOG.infof("message %s is left to the reaper: this instance is stopping", messageId);
        }
    }

    void stop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
        renewals.shutdownNow();
    }

    void run(UUID messageId) {
        Run run = await(() -> Panache.withTransaction(() -> claim(messageId)));
        if (run == null) {
            return;
        }
        SpokenAudio audio;
        try {
            audio = speakHoldingTheLease(run);
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

    /** Waits for the speech, renewing the lease a few times per lease meanwhile (while the run still holds it). */
    private SpokenAudio speakHoldingTheLease(Run run) {
        long every = Math.max(1, config.lease().toMillis() / 3);
        ScheduledFuture<?> renewal = renewals.scheduleAtFixedRate(() -> renew(run), every, every,
                TimeUnit.MILLISECONDS);
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
                        message.synthesisRuns++;
                        message.synthesisLeaseExpiresAt = now.plus(config.lease());
                        return new Run(message.id, message.synthesisRuns, message.userId, message.profileId,
                                message.voiceId, message.generatedText, message.synthesisId);
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
