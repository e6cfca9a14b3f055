package app.essence.clips.training;

import app.essence.common.voice.RetryableProviderFailure;
import app.essence.common.voice.VoiceProviderException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * The training workers: a small pool on which a training's run does its work. A run takes the training's lease
 * ({@link TrainingLease}), makes the voice ({@link VoiceCreation}), records the outcome ({@link TrainingOutcomes})
 * and sweeps the voices it did not keep ({@link TrainingLabelSweep}). A run that stops midway is resumed by the
 * {@link TrainingReaper} once its lease has run out.
 */
@ApplicationScoped
public class TrainingWorkers {
    private static final Logger LOG = Logger.getLogger(TrainingWorkers.class);

    private final TrainingLease lease;
    private final VoiceCreation voices;
    private final TrainingOutcomes outcomes;
    private final TrainingLabelSweep sweep;
    private final ExecutorService workers;
    /** Trainings waiting for a worker here, so the reaper does not queue one twice. */
    private final Set<UUID> queued = ConcurrentHashMap.newKeySet();

    TrainingWorkers(TrainingLease lease, VoiceCreation voices, TrainingOutcomes outcomes, TrainingLabelSweep sweep,
            TrainingConfig config) {
        this.lease = lease;
        this.voices = voices;
        this.outcomes = outcomes;
        this.sweep = sweep;
        this.workers = Executors.newFixedThreadPool(config.workers(), runnable -> {
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

    private void run(UUID trainingId) {
        TrainingRun run = lease.claim(trainingId);
        if (run == null) {
            return;
        }
        try {
            outcomes.trained(run, voices.create(run));
        } catch (VoiceProviderException.Refused e) {
            outcomes.failed(run, TrainingProblem.of(e), e);
        } catch (StaleRunException e) {
            // Ended under the run (a deleted profile, an erasure): it calls no more, so the sweep need not wait
            // for its lease (unless an earlier call's answer may have been lost: then the reaper sweeps later).
            outcomes.releaseLease(run);
            sweep.sweep(trainingId);
            throw e;
        } catch (RuntimeException e) {
            if (!RetryableProviderFailure.is(e)) {
                throw e;
            }
            // The retries are used up.
            outcomes.failed(run, TrainingProblem.PROVIDER_UNAVAILABLE, e);
        }
        sweep.sweep(trainingId);
    }
}
