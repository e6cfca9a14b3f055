package app.essence.clips.training;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.voice.VoiceProvider;
import app.essence.clips.voice.VoiceRequest;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.time.DbTime;
import app.essence.common.voice.RetryableProviderFailure;
import app.essence.common.voice.VoiceProviderException;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import io.smallrye.faulttolerance.api.RetryWhen;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

/**
 * A run's calls to the voice provider to make its voice. The training drives them: in the call's turn it renews its
 * lease and counts the call, and it records what a failed call means for the user; the provider only calls. A 429, a 5xx or a call that got no answer is retried with exponential backoff, within a total time.
 * Override with {@code app.essence.clips.training.TrainingCalls/addVoice/Retry/...}.
 */
@ApplicationScoped
class TrainingCalls {
    private static final Logger LOG = Logger.getLogger(TrainingCalls.class);

    private final VoiceProvider provider;
    private final TrainingLease lease;

    TrainingCalls(VoiceProvider provider, TrainingLease lease) {
        this.provider = provider;
        this.lease = lease;
    }

    /**
     * Makes the voice and answers its id, in one turn among the provider calls. A retry, or a request an earlier run
     * may have sent, first looks for the voice by its identity label, in the same turn: a call whose answer was lost
     * may have made it, and a second one would be an orphan. Throws {@link StaleRunException} once the run no longer
     * holds the training: it calls no more.
     */
    @Retry(maxRetries = 5, delay = 2, delayUnit = ChronoUnit.SECONDS, maxDuration = 15,
            durationUnit = ChronoUnit.MINUTES)
    @RetryWhen(exception = RetryableProviderFailure.class)
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    public String addVoice(TrainingRun run, VoiceRequest request) {
        try {
            return provider.inTurn(turn -> {
                int call = lease.renew(run);
                if (call > 1 || request.mayExistAlready()) {
                    List<String> made = provider.voicesLabelled(turn, request.identityLabel(), request.identity());
                    if (!made.isEmpty()) {
                        LOG.infof("training %s: voice %s was made by an earlier call; using it", run.trainingId(),
                                made.get(0));
                        return made.get(0);
                    }
                }
                return provider.addVoice(turn, request);
            });
        } catch (VoiceProviderException | ProcessingException e) {
            failed(run, e);
            throw e;
        }
    }

    /**
     * The provider's own words and any address stay in the log; the training keeps our code for them, while the run
     * holds it: an ended training keeps the last error it ended with. The run keeps the training's lease either way
     * (a training that ended under it no longer takes its error): the provider may still be making the voice of a
     * call that failed or got no answer ({@link TrainingLease#release}).
     */
    private static void failed(TrainingRun run, RuntimeException failure) {
        run.keepLease();
        TrainingProblem problem = TrainingProblem.of(failure);
        LOG.infof("training %s: call %d failed (%s): %s", run.trainingId(), run.calls(), problem.code(),
                TrainingProblem.describe(failure));
        await(() -> RowSecurity.inSystemTransaction(TrainingLease.REASON, () -> Training.update(
                "lastError = ?1, updatedAt = ?2 where id = ?3 and runs = ?4 and status = ?5", problem.code(),
                DbTime.now(), run.trainingId(), run.number(), TrainingStatus.training)));
    }
}
