package app.essence.clips.training;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.clip.ClipService;
import app.essence.clips.clip.ClipSet;
import app.essence.clips.clip.TrainingClip;
import app.essence.clips.ownership.ProfileOwner;
import app.essence.clips.voice.CallObserver;
import app.essence.clips.voice.VoiceProvider;
import app.essence.clips.voice.VoiceProviderException;
import app.essence.clips.voice.VoiceRemovals;
import app.essence.clips.voice.VoiceRequest;
import app.essence.common.events.TrainingEvents.VoiceTrained;
import app.essence.common.events.TrainingEvents.VoiceTrainingFailed;
import app.essence.common.outbox.Outbox;
import app.essence.common.storage.ByteRange;
import app.essence.common.storage.StorageClient;
import app.essence.common.time.DbTime;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * Does a training's work: sends the good clips to the voice provider and records the outcome with its event.
 * A run first takes the training's lease; the lease is renewed before every provider call, and a run whose lease
 * ran out (a crash, a hung call) is resumed by the {@link TrainingReaper}. The run number fences stale runs out:
 * an outcome is recorded only by the run that holds the training, and a voice made by any other is deleted.
 */
@ApplicationScoped
public class TrainingRuns {
    /** The label that ties a provider voice to its training, so a resumed run adopts a voice made before a crash. */
    static final String TRAINING_LABEL = "essence_training_id";
    private static final Logger LOG = Logger.getLogger(TrainingRuns.class);

    private final VoiceProvider provider;
    private final VoiceRemovals voiceRemovals;
    private final ClipService clips;
    private final StorageClient storage;
    private final Outbox outbox;
    private final Duration lease;
    private final ExecutorService workers = Executors.newFixedThreadPool(VoiceProvider.MAX_CALLS_IN_FLIGHT,
            runnable -> {
                Thread thread = new Thread(runnable, "voice-training");
                thread.setDaemon(true);
                return thread;
            });

    public TrainingRuns(VoiceProvider provider, VoiceRemovals voiceRemovals, ClipService clips,
            StorageClient storage, Outbox outbox,
            @ConfigProperty(name = "essence.clips.training.lease", defaultValue = "10m") Duration lease) {
        this.provider = provider;
        this.voiceRemovals = voiceRemovals;
        this.clips = clips;
        this.storage = storage;
        this.outbox = outbox;
        this.lease = lease;
    }

    /** Runs the training on one of the training workers, unless another run holds it. */
    public void runSoon(UUID trainingId) {
        workers.execute(() -> {
            try {
                run(trainingId);
            } catch (RuntimeException e) {
                // The lease runs out and the reaper resumes it.
                LOG.warnf("training %s stopped and will be resumed: %s", trainingId, e.toString());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
    }

    void run(UUID trainingId) {
        Run run = await(() -> Panache.withTransaction(() -> claim(trainingId)));
        if (run == null) {
            return;
        }
        String voiceId;
        try {
            voiceId = create(run);
        } catch (VoiceProviderException.Refused e) {
            failed(run, "the voice provider refused the recordings: " + e.getMessage(), e.describe());
            return;
        } catch (VoiceProviderException.Busy | ProcessingException | FaultToleranceException e) {
            failed(run, "the voice provider is unavailable; please try again later", describe(e));
            return;
        }
        if (succeeded(run, voiceId)) {
            dropOtherVoicesOf(run, voiceId);
        }
        voiceRemovals.removeDue();
    }

    /** Voices earlier runs of this training made and nobody adopted: orphans, deleted. */
    private void dropOtherVoicesOf(Run run, String voiceId) {
        List<String> others = provider.voicesLabelled(TRAINING_LABEL, run.trainingId().toString()).stream()
                .filter(other -> !other.equals(voiceId)).toList();
        if (!others.isEmpty()) {
            await(() -> Panache.withTransaction(() -> Multi.createFrom().iterable(others)
                    .onItem().transformToUniAndConcatenate(other -> voiceRemovals.schedule(run.profileId(), other))
                    .collect().last()));
        }
    }

    /** Ends a run that cannot finish (its lease ran out too often, or it started too long ago). */
    void giveUp(UUID trainingId, int runNumber, String reason) {
        await(() -> Panache.withTransaction(() -> finish(new Run(trainingId, runNumber, null, null), null, reason,
                null)));
    }

    private String create(Run run) {
        ClipSet set = new ClipSet(await(() -> clips.clipsOf(run.profileId())));
        List<Path> temporary = new ArrayList<>();
        try {
            List<VoiceRequest.Sample> samples = new ArrayList<>();
            for (TrainingClip clip : set.usable()) {
                Path file = storage.localFile(clip.audioStoragePath).orElseGet(() -> copy(clip, temporary));
                samples.add(new VoiceRequest.Sample(file, fileName(clip), clip.mimeType));
            }
            VoiceRequest request = new VoiceRequest("ESSENCE " + run.profileId(),
                    "Voice preserved by ESSENCE from " + samples.size() + " prompted recordings",
                    Map.of(TRAINING_LABEL, run.trainingId().toString(), "essence_profile_id",
                            run.profileId().toString()),
                    TRAINING_LABEL, run.number() > 1, samples);
            return provider.addVoice(request, observer(run));
        } finally {
            temporary.forEach(TrainingRuns::deleteQuietly);
        }
    }

    private CallObserver observer(Run run) {
        return new CallObserver() {
            private int calls;

            public int calling() {
                await(() -> Panache.withTransaction(() -> TrainingAttempt.update(
                        "attempts = attempts + 1, leaseExpiresAt = ?1, updatedAt = ?2 where id = ?3 and runs = ?4",
                        DbTime.now().plus(lease), DbTime.now(), run.trainingId(), run.number())));
                return ++calls;
            }

            public void failed(String what) {
                await(() -> Panache.withTransaction(() -> TrainingAttempt.update(
                        "lastError = ?1, updatedAt = ?2 where id = ?3 and runs = ?4", what, DbTime.now(),
                        run.trainingId(), run.number())));
            }
        };
    }

    private boolean succeeded(Run run, String voiceId) {
        boolean recorded = await(() -> Panache.withTransaction(() -> finish(run, voiceId, null, null)));
        if (recorded) {
            LOG.infof("training %s: voice %s is ready", run.trainingId(), voiceId);
        }
        return recorded;
    }

    private void failed(Run run, String reason, String lastError) {
        LOG.warnf("training %s failed: %s (%s)", run.trainingId(), reason, lastError);
        await(() -> Panache.withTransaction(() -> finish(run, null, reason, lastError)));
    }

    /** Takes the training for a new run if it is running and no live run holds it. */
    private Uni<Run> claim(UUID trainingId) {
        return TrainingAttempt.<TrainingAttempt> findById(trainingId, LockModeType.PESSIMISTIC_WRITE)
                .map(attempt -> {
                    if (attempt == null || attempt.status != TrainingStatus.running
                            || attempt.leaseExpiresAt.isAfter(DbTime.now())) {
                        return null;
                    }
                    attempt.runs++;
                    attempt.leaseExpiresAt = DbTime.now().plus(lease);
                    attempt.updatedAt = DbTime.now();
                    return new Run(attempt.id, attempt.runs, attempt.profileId, attempt.userId);
                });
    }

    /**
     * Records the outcome under the profile's row lock: a voice (the previous one is then deleted) or a failure,
     * with its event. Answers false when the run no longer holds the training; a voice it made is deleted then.
     */
    private Uni<Boolean> finish(Run run, String voiceId, String reason, String lastError) {
        return TrainingAttempt.<TrainingAttempt> findById(run.trainingId())
                .flatMap(found -> ProfileOwner.<ProfileOwner> findById(found.profileId, LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(owner -> TrainingAttempt.<TrainingAttempt> findById(run.trainingId(),
                                LockModeType.PESSIMISTIC_WRITE).flatMap(attempt -> {
                                    if (attempt.status != TrainingStatus.running || attempt.runs != run.number()) {
                                        return dropStale(attempt, voiceId).replaceWith(false);
                                    }
                                    if (owner.deletedAt != null) {
                                        return close(attempt, TrainingStatus.failed, null, "the profile was deleted",
                                                lastError).call(() -> voiceRemovals.schedule(attempt.profileId,
                                                        voiceId)).replaceWith(true);
                                    }
                                    return voiceId != null ? ready(owner, attempt, voiceId) : failure(owner, attempt,
                                            reason, lastError);
                                })));
    }

    /**
     * A stale run's voice: deleted if the training has ended with another voice or none. While a newer run holds
     * the training it stays, as that run may adopt it; if it does not, it is deleted when that run succeeds.
     */
    private Uni<Void> dropStale(TrainingAttempt attempt, String voiceId) {
        boolean ended = attempt.status != TrainingStatus.running;
        return ended && voiceId != null && !voiceId.equals(attempt.voiceId)
                ? voiceRemovals.schedule(attempt.profileId, voiceId)
                : Uni.createFrom().voidItem();
    }

    private Uni<Boolean> ready(ProfileOwner owner, TrainingAttempt attempt, String voiceId) {
        Instant at = owner.nextClipChange();
        return TrainingAttempt.<TrainingAttempt> find("profileId = ?1 and status = ?2 and id <> ?3 "
                + "order by startedAt desc", attempt.profileId, TrainingStatus.succeeded, attempt.id).firstResult()
                .call(previous -> previous == null || voiceId.equals(previous.voiceId)
                        ? Uni.createFrom().voidItem()
                        : voiceRemovals.schedule(attempt.profileId, previous.voiceId))
                .chain(() -> close(attempt, TrainingStatus.succeeded, voiceId, null, attempt.lastError))
                .call(() -> outbox.add(new VoiceTrained(attempt.id, attempt.profileId, attempt.userId, voiceId, at)))
                .replaceWith(true);
    }

    private Uni<Boolean> failure(ProfileOwner owner, TrainingAttempt attempt, String reason, String lastError) {
        Instant at = owner.nextClipChange();
        return close(attempt, TrainingStatus.failed, null, reason, lastError != null ? lastError : attempt.lastError)
                .call(() -> outbox.add(new VoiceTrainingFailed(attempt.id, attempt.profileId, attempt.userId, reason,
                        at)))
                .replaceWith(true);
    }

    private static Uni<Void> close(TrainingAttempt attempt, TrainingStatus status, String voiceId, String reason,
            String lastError) {
        attempt.status = status;
        attempt.voiceId = voiceId;
        attempt.failureReason = reason;
        attempt.lastError = lastError;
        attempt.finishedAt = DbTime.now();
        attempt.updatedAt = attempt.finishedAt;
        return attempt.persistAndFlush().replaceWithVoid();
    }

    private Path copy(TrainingClip clip, List<Path> temporary) {
        try {
            Path file = Files.createTempFile("essence-training-", "-" + fileName(clip));
            temporary.add(file);
            long size = storage.size(clip.audioStoragePath);
            try (InputStream in = storage.get(clip.audioStoragePath, ByteRange.whole(size))) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("clip " + clip.promptIndex + " cannot be read from storage", e);
        }
    }

    private static String fileName(TrainingClip clip) {
        String path = clip.audioStoragePath;
        return "prompt-" + clip.promptIndex + path.substring(path.lastIndexOf('.'));
    }

    private static String describe(Exception e) {
        return e instanceof VoiceProviderException provider ? provider.describe() : e.toString();
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("temporary copy %s could not be removed: %s", file, e.getMessage());
        }
    }

    /** A run of a training: its number is the fencing token. */
    record Run(UUID trainingId, int number, UUID profileId, UUID userId) {
    }
}
