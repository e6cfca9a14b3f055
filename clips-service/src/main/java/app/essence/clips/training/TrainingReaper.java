package app.essence.clips.training;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.voice.VoiceRemovals;
import app.essence.common.legacy.BackgroundWork;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.time.DbTime;
import app.essence.common.voice.RetryableProviderFailure;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * No training stays running forever: a training whose run lost its lease (a crash, a hung call) is resumed, and
 * given up once it has been run {@code max-runs} times or was started longer ago than {@code give-up-after}: failed,
 * or ready with the voice a run made before it stopped ({@link TrainingOutcomes#giveUp}). It also
 * sweeps the voices of ended trainings the runs could not sweep (once their lease has passed: a run may still be
 * calling), and deletes the provider voices that are due.
 */
@ApplicationScoped
public class TrainingReaper {
    /** The reaper acts for no caller: it reads every user's trainings under the system context. */
    private static final String REASON = "training reaper";
    private static final Logger LOG = Logger.getLogger(TrainingReaper.class);
    private static final int BATCH = 20;

    private final TrainingWorkers workers;
    private final TrainingOutcomes outcomes;
    private final TrainingLabelSweep sweep;
    private final VoiceRemovals voiceRemovals;
    private final Vertx vertx;
    private final Duration interval;
    private final int maxRuns;
    private final Duration giveUpAfter;
    private final AtomicBoolean reaping = new AtomicBoolean();

    TrainingReaper(TrainingWorkers workers, TrainingOutcomes outcomes, TrainingLabelSweep sweep,
            VoiceRemovals voiceRemovals, Vertx vertx,
            TrainingConfig config) {
        this.workers = workers;
        this.outcomes = outcomes;
        this.sweep = sweep;
        this.voiceRemovals = voiceRemovals;
        this.vertx = vertx;
        this.interval = config.reaperInterval();
        this.maxRuns = config.maxRuns();
        this.giveUpAfter = config.giveUpAfter();
    }

    void schedule(@Observes BackgroundWork.Start start) {
        vertx.setPeriodic(interval.toMillis(), id -> Infrastructure.getDefaultWorkerPool().execute(this::reapQuietly));
    }

    private void reapQuietly() {
        // A pass waiting on an unreachable provider must not be joined by the next ones.
        if (!reaping.compareAndSet(false, true)) {
            return;
        }
        try {
            reap();
        } catch (RuntimeException e) {
            LOG.warnf("training reaper failed, next try in %s: %s", interval, e.toString());
        } finally {
            reaping.set(false);
        }
    }

    /** One pass: resumes or fails the trainings whose lease ran out, sweeps ended ones, deletes what is due. */
    void reap() {
        List<Training> stalled = await(() -> RowSecurity.inSystemTransaction(REASON, () -> Training
                .<Training> find("status = ?1 and leaseExpiresAt < ?2 order by leaseExpiresAt",
                        TrainingStatus.training, DbTime.now())
                .range(0, BATCH - 1).list()));
        // Each training on its own: one the provider or the database fails on must not hold up the others, the
        // sweeps or the removals, pass after pass.
        for (Training training : stalled) {
            handle(training, "resuming or giving up", () -> resumeOrGiveUp(training));
        }
        List<Training> unswept = await(() -> RowSecurity.inSystemTransaction(REASON, () -> Training
                .<Training> find("status <> ?1 and labelsSweptAt is null and leaseExpiresAt <= ?2 "
                        + "order by finishedAt", TrainingStatus.training, DbTime.now())
                .range(0, BATCH - 1).list()));
        for (Training ended : unswept) {
            // A busy or unreachable provider stays so for this pass: each further sweep would wait out its retries
            // (minutes) before the removals below.
            if (!handle(ended, "sweeping its labels", () -> sweep.sweep(ended.id))) {
                break;
            }
        }
        voiceRemovals.removeDue();
    }

    private void resumeOrGiveUp(Training training) {
        if (training.runs >= maxRuns) {
            outcomes.giveUp(training, TrainingProblem.INTERRUPTED);
        } else if (training.startedAt.isBefore(DbTime.now().minus(giveUpAfter))) {
            outcomes.giveUp(training, TrainingProblem.TIMED_OUT);
        } else {
            LOG.infof("training %s lost its run (run %d); resuming it", training.id, training.runs);
            workers.runSoon(training.id);
        }
    }

    /** Runs one training's work; answers false when the provider was busy or unreachable. */
    private static boolean handle(Training training, String what, Runnable work) {
        try {
            work.run();
            return true;
        } catch (RuntimeException e) {
            LOG.warnf(e, "training reaper: %s training %s failed; a later pass tries again", what, training.id);
            return !RetryableProviderFailure.is(e);
        }
    }
}
