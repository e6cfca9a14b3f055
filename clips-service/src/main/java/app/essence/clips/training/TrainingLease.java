package app.essence.clips.training;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.time.DbTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.util.UUID;

/**
 * A training's lease: a run takes it ({@link #claim}), renews it in each call's turn right before the call is sent
 * ({@link #renew}), and gives it back once it calls no more. A run whose lease ran out (a crash, a hung call) is
 * resumed by the {@link TrainingReaper}; the run number fences the stale run out (docs/voice-training.md).
 * The lease is not renewed before a call waits for its turn: the wait is short next to the lease, as the only
 * callers sharing the provider calls' slots are the workers and the reaper (three, for two slots, by default), so
 * a wait lasts at most one other call. A wait that outlasts the lease costs a run, never a second call: the
 * renewal in the turn finds the training taken over and the run stops. An ended training's lease goes back early
 * only when no call's answer can have been lost ({@link #release}).
 */
@ApplicationScoped
class TrainingLease {
    /** A run acts for no caller: its transactions take the system context (docs/architecture.md). */
    static final String REASON = "voice training";

    private final Duration lease;

    TrainingLease(TrainingConfig config) {
        this.lease = config.lease();
    }

    /** Takes the training for a new run if it is running and no live run holds it; null when it may not. */
    TrainingRun claim(UUID trainingId) {
        return await(() -> RowSecurity.inSystemTransaction(REASON, () -> Training
                .<Training> findById(trainingId, LockModeType.PESSIMISTIC_WRITE)
                .map(training -> {
                    if (training == null || training.status != TrainingStatus.training
                            || training.leaseExpiresAt.isAfter(DbTime.now())) {
                        return null;
                    }
                    training.runs++;
                    training.leaseExpiresAt = DbTime.now().plus(lease);
                    training.updatedAt = DbTime.now();
                    return new TrainingRun(training.id, training.runs, training.profileId);
                })));
    }

    /**
     * In the call's turn, right before it is sent: counts the call (the user sees progress) and renews the lease;
     * answers the call's number within the run. Throws when the run no longer holds the training: the reaper's
     * claim bumps {@code runs} under the row lock, so a run it took over, or a training that ended, matches nothing.
     */
    int renew(TrainingRun run) {
        int held = await(() -> RowSecurity.inSystemTransaction(REASON, () -> Training.update(
                "providerCalls = providerCalls + 1, leaseExpiresAt = ?1, updatedAt = ?2 where id = ?3 and runs = ?4 "
                        + "and status = ?5",
                DbTime.now().plus(lease), DbTime.now(), run.trainingId(), run.number(), TrainingStatus.training)));
        if (held == 0) {
            throw new StaleRunException(run);
        }
        return run.countCall();
    }

    /**
     * The run calls the provider no more: an ended training's lease is given back, so its sweep may go now rather
     * than once the lease runs out. Not when an earlier call's answer may have been lost (more than one call, or a
     * failed one, as the training recorded or as the run knows: a training that ended under a run does not take its
     * error): the provider may still be making that call's voice, which a retry's look did not find and a sweep now
     * would miss for good. Its sweep then waits for the lease, a lease after the last call was sent: no call takes
     * longer (docs/voice-training.md). In the caller's transaction; flush an outcome first, as the update bypasses the
     * session, and change the training no more after it: the session's copy keeps the old lease and would write it
     * back.
     */
    static Uni<Void> release(TrainingRun run) {
        if (run.leaseKept()) {
            return Uni.createFrom().voidItem();
        }
        return Training.update("leaseExpiresAt = ?1 where id = ?2 and runs = ?3 and status <> ?4 "
                + "and providerCalls <= 1 and lastError is null and leaseExpiresAt > ?1",
                DbTime.now(), run.trainingId(), run.number(), TrainingStatus.training).replaceWithVoid();
    }
}
