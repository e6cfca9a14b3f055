package app.essence.clips.training;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.clip.ClipService;
import app.essence.clips.clip.ClipSet;
import app.essence.clips.clip.TrainingClip;
import app.essence.clips.ownership.ProfileOwner;
import app.essence.clips.voice.CallObserver;
import app.essence.clips.voice.VoiceProvider;
import app.essence.common.voice.VoiceProviderException;
import app.essence.clips.voice.VoiceRemovals;
import app.essence.clips.voice.VoiceRequest;
import app.essence.common.events.TrainingEvents.VoiceTrained;
import app.essence.common.events.TrainingEvents.VoiceTrainingFailed;
import app.essence.common.outbox.Outbox;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.storage.ByteRange;
import app.essence.common.storage.StorageClient;
import app.essence.common.time.DbTime;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.ProcessingException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.exceptions.FaultToleranceException;
import org.jboss.logging.Logger;

/**
 * Does a training's work: sends the good clips to the voice provider and records the outcome with its event.
 * A run first takes the training's lease; the lease is renewed before every provider call, and a run whose lease
 * ran out (a crash, a hung call) is resumed by the {@link TrainingReaper}. The run number fences stale runs out:
 * an outcome is recorded only by the run that holds the training. Once a training has ended and no run can still
 * be calling the provider for it (its run came back, or its lease ran out), the voices labelled with it that it did
 * not record are deleted, whoever made them; an answer that comes back for a deleted profile or an erased user is
 * deleted too, never kept (docs/erasure.md).
 */
@ApplicationScoped
public class TrainingRuns {
    /** The label that ties a provider voice to its training, so a resumed run adopts a voice made before a crash. */
    static final String TRAINING_LABEL = "essence_training_id";
    private static final Logger LOG = Logger.getLogger(TrainingRuns.class);
    /** A run acts for no caller: its transactions take the system context (docs/architecture.md). */
    private static final String REASON = "voice training";

    private final VoiceProvider provider;
    private final VoiceRemovals voiceRemovals;
    private final ClipService clips;
    private final StorageClient storage;
    private final Outbox outbox;
    private final Duration lease;
    private final Duration replacedVoiceGrace;
    private final ExecutorService workers;
    /** Trainings waiting for a worker here, so the reaper does not queue one twice. */
    private final Set<UUID> queued = ConcurrentHashMap.newKeySet();

    public TrainingRuns(VoiceProvider provider, VoiceRemovals voiceRemovals, ClipService clips,
            StorageClient storage, Outbox outbox,
            @ConfigProperty(name = "essence.clips.training.lease", defaultValue = "10m") Duration lease,
            @ConfigProperty(name = "essence.clips.training.replaced-voice-grace", defaultValue = "10m")
            Duration replacedVoiceGrace,
            @ConfigProperty(name = "essence.clips.training.workers", defaultValue = "2") int workers) {
        this.provider = provider;
        this.voiceRemovals = voiceRemovals;
        this.clips = clips;
        this.storage = storage;
        this.outbox = outbox;
        this.lease = lease;
        this.replacedVoiceGrace = replacedVoiceGrace;
        this.workers = Executors.newFixedThreadPool(workers, runnable -> {
            Thread thread = new Thread(runnable, "voice-training");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Runs the training on one of the training workers, unless it is queued here already or another run holds it. */
    public void runSoon(UUID trainingId) {
        if (!queued.add(trainingId)) {
            return;
        }
        workers.execute(() -> {
            // Out of the queue once it runs: a run that hangs past its lease can be resumed by another one.
            queued.remove(trainingId);
            try {
                run(trainingId);
            } catch (StaleRunException e) {
                LOG.infof("training %s: %s", trainingId, e.getMessage());
            } catch (RuntimeException e) {
                // Its lease runs out and the reaper resumes it.
                LOG.warnf("training %s stopped and will be resumed: %s", trainingId, e.toString());
            }
        });
    }

    void stop(@Observes ShutdownEvent event) {
        workers.shutdownNow();
    }

    void run(UUID trainingId) {
        Run run = await(() -> RowSecurity.inSystemTransaction(REASON, () -> claim(trainingId)));
        if (run == null) {
            return;
        }
        try {
            String voiceId = create(run);
            recordOutcome(run, voiceId, null);
        } catch (VoiceProviderException.Refused e) {
            failed(run, TrainingProblem.of(e), e);
        } catch (VoiceProviderException.Busy | ProcessingException | FaultToleranceException e) {
            failed(run, TrainingProblem.PROVIDER_UNAVAILABLE, e);
        } catch (StaleRunException e) {
            // Ended under the run (a deleted profile, an erasure): it calls no more, so the sweep need not wait.
            await(() -> RowSecurity.inSystemTransaction(REASON, () -> release(run)));
            sweepLabels(trainingId);
            throw e;
        }
        sweepLabels(trainingId);
    }

    /** Ends a training whose runs cannot finish (its lease ran out too often, or it started too long ago). */
    void giveUp(TrainingAttempt stalled, TrainingProblem problem) {
        LOG.warnf("training %s failed (%s) after %d runs, started at %s", stalled.id, problem.code(), stalled.runs,
                stalled.startedAt);
        recordOutcome(new Run(stalled.id, stalled.runs, stalled.profileId), null, problem);
        sweepLabels(stalled.id);
    }

    /**
     * After a training ended: the provider's voices labelled with it, other than the one it recorded, are
     * scheduled for deletion (made by a run that lost its answer, its lease or its training). Once per training,
     * and only once its lease has passed: until then a run may still be calling the provider, and a voice it makes
     * would come after the sweep. The reaper catches up on what a crash or an unreachable provider left.
     */
    void sweepLabels(UUID trainingId) {
        TrainingAttempt ended = await(() -> RowSecurity.inSystemTransaction(REASON,
                () -> TrainingAttempt.<TrainingAttempt> findById(trainingId)));
        if (ended == null || ended.status == TrainingStatus.running || ended.labelsSweptAt != null
                || ended.leaseExpiresAt.isAfter(DbTime.now())) {
            return;
        }
        List<String> orphans = provider.voicesLabelled(TRAINING_LABEL, trainingId.toString()).stream()
                .filter(voiceId -> !voiceId.equals(ended.voiceId)).toList();
        await(() -> RowSecurity.inSystemTransaction(REASON, () -> voiceRemovals.scheduleAll(ended.profileId, orphans)
                .chain(() -> TrainingAttempt.update("labelsSweptAt = ?1 where id = ?2", DbTime.now(), trainingId))));
        if (!orphans.isEmpty()) {
            LOG.infof("training %s: %d voice(s) it did not keep are scheduled for deletion", trainingId,
                    orphans.size());
        }
    }

    private String create(Run run) {
        ClipSet set = new ClipSet(await(() -> RowSecurity.inSystemTransaction(REASON,
                () -> clips.clipsOf(run.profileId()))));
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

    /**
     * Renews the lease before each call and shows progress; a run that lost its training stops calling. The fence
     * is checked twice: before a call waits for its turn, and again when the turn has come, right before it is
     * sent, as the wait may outlast the lease and another run may hold the training by then.
     */
    private CallObserver observer(Run run) {
        return new CallObserver() {
            private int calls;

            public int calling() {
                int held = await(() -> RowSecurity.inSystemTransaction(REASON, () -> TrainingAttempt.update(
                        "attempts = attempts + 1, leaseExpiresAt = ?1, updatedAt = ?2 where id = ?3 and runs = ?4 "
                                + "and status = ?5",
                        DbTime.now().plus(lease), DbTime.now(), run.trainingId(), run.number(),
                        TrainingStatus.running)));
                if (held == 0) {
                    throw new StaleRunException(run);
                }
                return ++calls;
            }

            public void sending() {
                Instant now = DbTime.now();
                int held = await(() -> RowSecurity.inSystemTransaction(REASON, () -> TrainingAttempt.update(
                        "leaseExpiresAt = ?1 where id = ?2 and runs = ?3 and status = ?4 and leaseExpiresAt > ?5",
                        now.plus(lease), run.trainingId(), run.number(), TrainingStatus.running, now)));
                if (held == 0) {
                    throw new StaleRunException(run);
                }
            }

            public void failed(RuntimeException failure) {
                TrainingProblem problem = TrainingProblem.of(failure);
                LOG.infof("training %s: call %d failed (%s): %s", run.trainingId(), calls, problem.code(),
                        describe(failure));
                await(() -> RowSecurity.inSystemTransaction(REASON, () -> TrainingAttempt.update(
                        "lastError = ?1, updatedAt = ?2 where id = ?3 and runs = ?4", problem.code(), DbTime.now(),
                        run.trainingId(), run.number())));
            }
        };
    }

    /** The provider's own words and any address stay here, in the log, with the training's id. */
    private void failed(Run run, TrainingProblem problem, RuntimeException cause) {
        LOG.warnf("training %s failed (%s): %s", run.trainingId(), problem.code(), describe(cause));
        recordOutcome(run, null, problem);
    }

    private static String describe(RuntimeException failure) {
        return failure instanceof VoiceProviderException provider ? provider.describe() : failure.toString();
    }

    /** Records the outcome if the run still holds the training; says so after the commit when it does not. */
    private void recordOutcome(Run run, String voiceId, TrainingProblem problem) {
        if (!await(() -> RowSecurity.inSystemTransaction(REASON, () -> finish(run, voiceId, problem)))) {
            LOG.infof("training %s: run %d ended after losing the training", run.trainingId(), run.number());
        }
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
                    return new Run(attempt.id, attempt.runs, attempt.profileId);
                });
    }

    /**
     * Records the outcome under the profile's row lock, then the training's, both read fresh under their locks: a
     * voice (the previous one is deleted after a grace period) or a failure, with its event. Answers false when
     * the run no longer holds the training. A voice made for a deleted profile, or for a user whose erasure has
     * completed meanwhile (the rows are gone), is scheduled for deletion instead.
     */
    private Uni<Boolean> finish(Run run, String voiceId, TrainingProblem problem) {
        return ProfileOwner.<ProfileOwner> findById(run.profileId(), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(owner -> TrainingAttempt.<TrainingAttempt> findById(run.trainingId(),
                        LockModeType.PESSIMISTIC_WRITE).flatMap(attempt -> {
                            if (owner == null || attempt == null) {
                                return voiceRemovals.schedule(run.profileId(), voiceId).replaceWith(false);
                            }
                            if (attempt.status != TrainingStatus.running || attempt.runs != run.number()) {
                                return dropStale(attempt, run, voiceId).replaceWith(false);
                            }
                            if (owner.deletedAt != null) {
                                return voiceRemovals.schedule(run.profileId(), voiceId)
                                        .chain(() -> close(attempt, TrainingStatus.failed, null,
                                                TrainingProblem.PROFILE_DELETED))
                                        .replaceWith(true);
                            }
                            return voiceId != null ? ready(owner, attempt, voiceId)
                                    : failure(owner, attempt, problem);
                        }));
    }

    /**
     * A stale run's voice: deleted if the training has ended with another voice or none (a label sweep may have
     * run before this voice existed). While a newer run holds the training it stays, as that run may adopt it;
     * the sweep after that run deletes it if not. A run whose training was ended under it gives its lease back.
     */
    private Uni<Void> dropStale(TrainingAttempt attempt, Run run, String voiceId) {
        boolean ended = attempt.status != TrainingStatus.running;
        return (ended && voiceId != null && !voiceId.equals(attempt.voiceId)
                ? voiceRemovals.schedule(attempt.profileId, voiceId)
                : Uni.createFrom().voidItem()).chain(() -> release(run));
    }

    /** The run calls the provider no more: an ended training's lease is given back, so its sweep may go. */
    private static Uni<Void> release(Run run) {
        return TrainingAttempt.update("leaseExpiresAt = ?1 where id = ?2 and runs = ?3 and status <> ?4 "
                + "and leaseExpiresAt > ?1", DbTime.now(), run.trainingId(), run.number(), TrainingStatus.running)
                .replaceWithVoid();
    }

    private Uni<Boolean> ready(ProfileOwner owner, TrainingAttempt attempt, String voiceId) {
        Instant at = owner.nextClipChange();
        return TrainingAttempt.<TrainingAttempt> find("profileId = ?1 and status = ?2 and id <> ?3 "
                + "order by startedAt desc", attempt.profileId, TrainingStatus.succeeded, attempt.id).firstResult()
                .call(previous -> previous == null || voiceId.equals(previous.voiceId)
                        ? Uni.createFrom().voidItem()
                        : voiceRemovals.schedule(attempt.profileId, previous.voiceId, replacedVoiceGrace))
                .chain(() -> close(attempt, TrainingStatus.succeeded, voiceId, null))
                .call(() -> outbox.add(new VoiceTrained(attempt.id, attempt.profileId, attempt.userId, voiceId, at)))
                .replaceWith(true);
    }

    private Uni<Boolean> failure(ProfileOwner owner, TrainingAttempt attempt, TrainingProblem problem) {
        Instant at = owner.nextClipChange();
        return close(attempt, TrainingStatus.failed, null, problem)
                .call(() -> outbox.add(new VoiceTrainingFailed(attempt.id, attempt.profileId, attempt.userId,
                        problem.sentence(), at)))
                .replaceWith(true);
    }

    /** Ends the training; {@code lastError} keeps what its last failed call recorded. */
    private static Uni<Void> close(TrainingAttempt attempt, TrainingStatus status, String voiceId,
            TrainingProblem problem) {
        attempt.status = status;
        attempt.voiceId = voiceId;
        attempt.failureCode = problem == null ? null : problem.code();
        attempt.finishedAt = DbTime.now();
        attempt.updatedAt = attempt.finishedAt;
        // No run holds an ended training: its sweep need not wait for the lease.
        if (attempt.leaseExpiresAt.isAfter(attempt.finishedAt)) {
            attempt.leaseExpiresAt = attempt.finishedAt;
        }
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
            throw new UncheckedIOException("clip " + clip.promptIndex + " cannot be read from storage", e);
        }
    }

    private static String fileName(TrainingClip clip) {
        String path = clip.audioStoragePath;
        return "prompt-" + clip.promptIndex + path.substring(path.lastIndexOf('.'));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("temporary copy %s could not be removed: %s", file, e.getMessage());
        }
    }

    /** A run of a training: its number is the fencing token. */
    record Run(UUID trainingId, int number, UUID profileId) {
    }

    /** The run no longer holds its training (the reaper resumed or failed it, or the profile was deleted). */
    static final class StaleRunException extends RuntimeException {
        StaleRunException(Run run) {
            super("run " + run.number() + " lost the training and stops");
        }
    }
}
