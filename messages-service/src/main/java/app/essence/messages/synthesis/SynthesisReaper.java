package app.essence.messages.synthesis;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.time.DbTime;
import app.essence.messages.message.LegacyMessage;
import app.essence.messages.message.MessageStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jboss.logging.Logger;

/**
 * No message stays {@code generating}: a synthesis whose run lost its lease (a crash, a hung call, a pause after a
 * retryable failure) is resumed, and failed once it has been run {@code max-runs} times or was asked for longer ago
 * than {@code give-up-after}. The first pass runs at start-up, so what a crashed instance left goes on at once.
 */
@ApplicationScoped
public class SynthesisReaper {
    private static final Logger LOG = Logger.getLogger(SynthesisReaper.class);
    private static final int BATCH = 50;

    private final SynthesisRuns runs;
    private final SynthesisOutcomes outcomes;
    private final SynthesisConfig config;
    private final Vertx vertx;
    private final AtomicBoolean reaping = new AtomicBoolean();

    public SynthesisReaper(SynthesisRuns runs, SynthesisOutcomes outcomes, SynthesisConfig config, Vertx vertx) {
        this.runs = runs;
        this.outcomes = outcomes;
        this.config = config;
        this.vertx = vertx;
    }

    void schedule(@Observes StartupEvent event) {
        Infrastructure.getDefaultWorkerPool().execute(this::reapQuietly);
        vertx.setPeriodic(config.reaperInterval().toMillis(),
                id -> Infrastructure.getDefaultWorkerPool().execute(this::reapQuietly));
    }

    private void reapQuietly() {
        if (!reaping.compareAndSet(false, true)) {
            return;
        }
        try {
            reap();
        } catch (RuntimeException e) {
            LOG.warnf("synthesis reaper failed, next try in %s: %s", config.reaperInterval(), e.toString());
        } finally {
            reaping.set(false);
        }
    }

    /** One pass: resumes or fails the syntheses whose lease ran out. */
    void reap() {
        List<LegacyMessage> stalled = await(() -> Panache.withSession(() -> LegacyMessage
                .<LegacyMessage> find("status = ?1 and synthesisLeaseExpiresAt < ?2 order by synthesisLeaseExpiresAt",
                        MessageStatus.generating, DbTime.now())
                .range(0, BATCH - 1).list()));
        for (LegacyMessage message : stalled) {
            if (message.synthesisRuns >= config.maxRuns()) {
                giveUp(message, SynthesisProblem.INTERRUPTED);
            } else if (message.synthesisStartedAt.isBefore(DbTime.now().minus(config.giveUpAfter()))) {
                giveUp(message, SynthesisProblem.TIMED_OUT);
            } else {
                LOG.infof("message %s lost its run (run %d); resuming it", message.id, message.synthesisRuns);
                runs.runSoon(message.id);
            }
        }
    }

    private void giveUp(LegacyMessage message, SynthesisProblem problem) {
        LOG.warnf("synthesis of message %s failed (%s) after %d runs, asked for at %s", message.id, problem.code(),
                message.synthesisRuns, message.synthesisStartedAt);
        outcomes.fail(message.id, message.synthesisId, message.synthesisRuns, problem.code(), problem.sentence());
    }
}
