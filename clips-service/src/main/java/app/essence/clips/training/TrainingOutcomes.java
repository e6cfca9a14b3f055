package app.essence.clips.training;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.ownership.ProfileOwner;
import app.essence.clips.voice.VoiceProvider;
import app.essence.clips.voice.VoiceRemovals;
import app.essence.common.events.TrainingEvents.VoiceTrained;
import app.essence.common.events.TrainingEvents.VoiceTrainingFailed;
import app.essence.common.outbox.Outbox;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.time.DbTime;
import app.essence.common.voice.RetryableProviderFailure;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Records how a training ended, with its event: a voice (the previous one is deleted after a grace period) or a
 * failure. Only the run that holds the training records; a voice nobody may keep (a stale run's, a deleted profile's,
 * an erased user's) is scheduled for deletion, never kept (docs/erasure.md).
 */
@ApplicationScoped
public class TrainingOutcomes {
    private static final Logger LOG = Logger.getLogger(TrainingOutcomes.class);

    private final VoiceProvider provider;
    private final VoiceRemovals voiceRemovals;
    private final Outbox outbox;
    private final TrainingLabelSweep sweep;
    private final TrainingLease lease;
    private final Duration replacedVoiceGrace;

    TrainingOutcomes(VoiceProvider provider, VoiceRemovals voiceRemovals, Outbox outbox, TrainingLabelSweep sweep,
            TrainingLease lease, TrainingConfig config) {
        this.provider = provider;
        this.voiceRemovals = voiceRemovals;
        this.outbox = outbox;
        this.sweep = sweep;
        this.lease = lease;
        this.replacedVoiceGrace = config.replacedVoiceGrace();
    }

    void trained(TrainingRun run, String voiceId) {
        record(run, voiceId, null);
    }

    /** The provider's own words and any address stay here, in the log, with the training's id. */
    void failed(TrainingRun run, TrainingProblem problem, RuntimeException cause) {
        LOG.warnf("training %s failed (%s): %s", run.trainingId(), problem.code(), TrainingProblem.describe(cause));
        record(run, null, problem);
    }

    /**
     * Ends a training whose runs cannot finish (its lease ran out too often, or it started too long ago). It first
     * takes the training as a run does ({@link TrainingLease#claim}), so a stalled run still waiting for its turn
     * finds it taken and never calls, and it records under its own run number. A voice with its label, which a run
     * made before it stopped, is recorded as a retry would adopt it, with its event: failing the training would
     * have the sweep delete the voice the user trained. The provider is asked once: busy or unreachable, the training
     * is left to the reaper's pass after the lease; refusing, the training fails as it would without a voice, keeping
     * its lease, and the reaper sweeps its labels once the lease has passed and the provider answers.
     */
    void giveUp(Training stalled, TrainingProblem problem) {
        TrainingRun last = lease.claim(stalled.id);
        if (last == null) {
            return;
        }
        List<String> made;
        try {
            made = provider.voicesLabelledOnce(TrainingLabelSweep.TRAINING_LABEL, stalled.id.toString());
        } catch (RuntimeException e) {
            if (RetryableProviderFailure.is(e)) {
                // Busy or unreachable: failing now would have a later sweep delete a voice a run made. The claim's
                // lease puts the next try one lease later; the training shows as training until the provider answers.
                LOG.warnf("training %s: the provider is unavailable to say which voices it has (%s); giving up is "
                        + "tried again after the lease", stalled.id, e.toString());
                return;
            }
            // Refused (a bad key, say): the training fails, but keeps its lease, as after a call without an answer,
            // so the sweep below waits for the reaper's later passes, when the provider may list again.
            LOG.warnf("training %s: the provider refused to say which voices it has (%s); failing it", stalled.id,
                    e.toString());
            last.keepLease();
            made = List.of();
        }
        if (made.isEmpty()) {
            LOG.warnf("training %s failed (%s) after %d runs, started at %s", stalled.id, problem.code(),
                    stalled.runs, stalled.startedAt);
            record(last, null, problem);
        } else {
            LOG.infof("training %s: voice %s was made before its run %d stopped; using it rather than failing (%s)",
                    stalled.id, made.get(0), stalled.runs, problem.code());
            record(last, made.get(0), null);
        }
        sweep.sweep(stalled.id);
    }

    /**
     * A run whose training ended under it (a deleted profile, an erasure) calls no more: its lease goes back, unless
     * an earlier call's answer may have been lost ({@link TrainingLease#release}).
     */
    void releaseLease(TrainingRun run) {
        await(() -> RowSecurity.inSystemTransaction(TrainingLease.REASON, () -> TrainingLease.release(run)));
    }

    /** Records the outcome if the run still holds the training; says so after the commit when it does not. */
    private void record(TrainingRun run, String voiceId, TrainingProblem problem) {
        if (!await(() -> RowSecurity.inSystemTransaction(TrainingLease.REASON, () -> finish(run, voiceId, problem)))) {
            LOG.infof("training %s: run %d ended after losing the training", run.trainingId(), run.number());
        }
    }

    /**
     * Records the outcome under the profile's row lock, then the training's, both read fresh under their locks.
     * Answers false when the run no longer holds the training. A voice made for a deleted profile, or for a user
     * whose erasure has completed meanwhile (the rows are gone), is scheduled for deletion instead.
     */
    private Uni<Boolean> finish(TrainingRun run, String voiceId, TrainingProblem problem) {
        return ProfileOwner.<ProfileOwner> findById(run.profileId(), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(owner -> Training.<Training> findById(run.trainingId(),
                        LockModeType.PESSIMISTIC_WRITE).flatMap(training -> {
                            if (owner == null || training == null) {
                                return voiceRemovals.schedule(run.profileId(), voiceId).replaceWith(false);
                            }
                            if (training.status != TrainingStatus.training || training.runs != run.number()) {
                                return dropStale(training, run, voiceId).replaceWith(false);
                            }
                            if (owner.deletedAt != null) {
                                return voiceRemovals.schedule(run.profileId(), voiceId)
                                        .chain(() -> close(training, run, TrainingStatus.failed, null,
                                                TrainingProblem.PROFILE_DELETED))
                                        .replaceWith(true);
                            }
                            return voiceId != null ? ready(owner, training, run, voiceId)
                                    : failure(owner, training, run, problem);
                        }));
    }

    /**
     * A stale run's voice: deleted if the training has ended with another voice or none (a label sweep may have
     * run before this voice existed). While a newer run holds the training it stays, as that run may adopt it;
     * the sweep after that run deletes it if not. A run whose training was ended under it gives its lease back
     * ({@link TrainingLease#release}).
     */
    private Uni<Void> dropStale(Training training, TrainingRun run, String voiceId) {
        boolean ended = training.status != TrainingStatus.training;
        return (ended && voiceId != null && !voiceId.equals(training.voiceId)
                ? voiceRemovals.schedule(training.profileId, voiceId)
                : Uni.createFrom().voidItem()).chain(() -> TrainingLease.release(run));
    }

    private Uni<Boolean> ready(ProfileOwner owner, Training training, TrainingRun run, String voiceId) {
        Instant at = owner.nextEventTime();
        return Training.<Training> find("profileId = ?1 and status = ?2 and id <> ?3 "
                + "order by startedAt desc", training.profileId, TrainingStatus.ready, training.id).firstResult()
                .call(previous -> previous == null || voiceId.equals(previous.voiceId)
                        ? Uni.createFrom().voidItem()
                        : voiceRemovals.schedule(training.profileId, previous.voiceId, replacedVoiceGrace))
                .chain(() -> close(training, run, TrainingStatus.ready, voiceId, null))
                .call(() -> outbox.add(new VoiceTrained(training.id, training.profileId, training.userId, voiceId, at)))
                .replaceWith(true);
    }

    private Uni<Boolean> failure(ProfileOwner owner, Training training, TrainingRun run, TrainingProblem problem) {
        Instant at = owner.nextEventTime();
        return close(training, run, TrainingStatus.failed, null, problem)
                .call(() -> outbox.add(new VoiceTrainingFailed(training.id, training.profileId, training.userId,
                        problem.sentence(), at)))
                .replaceWith(true);
    }

    /** Ends the training; {@code lastError} keeps what its last failed call recorded. */
    private static Uni<Void> close(Training training, TrainingRun run, TrainingStatus status, String voiceId,
            TrainingProblem problem) {
        training.status = status;
        training.voiceId = voiceId;
        training.failureCode = problem == null ? null : problem.code();
        training.finishedAt = DbTime.now();
        training.updatedAt = training.finishedAt;
        // No run holds an ended training: its sweep need not wait for the lease, unless an answer may be lost.
        return training.persistAndFlush().chain(() -> TrainingLease.release(run));
    }
}
