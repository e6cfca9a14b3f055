package app.essence.messages.synthesis;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.legacy.BackgroundWork;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.messages.message.LegacyMessage;
import app.essence.messages.message.MessageStatus;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Instant;
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

    void schedule(@Observes BackgroundWork.Start start) {
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

    /**
     * One pass: resumes or fails the syntheses whose lease ran out (by the database's clock). A message that cannot be
     * handled is logged and put at the back (its lease moved on), so it never stops the others.
     */
    void reap() {
        Stalled stalled = await(() -> RowSecurity.inSystemTransaction("synthesis reaper",
                () -> DatabaseClock.now().flatMap(now -> LegacyMessage
                .<LegacyMessage> find("status = ?1 and synthesisLeaseExpiresAt < ?2 order by synthesisLeaseExpiresAt",
                        MessageStatus.generating, now)
                .range(0, BATCH - 1).list().map(messages -> new Stalled(now, messages)))));
        for (LegacyMessage message : stalled.messages()) {
            try {
                reap(message, stalled.now());
            } catch (RuntimeException e) {
                LOG.errorf(e, "synthesis of message %s could not be resumed or failed; tried again after %s",
                        message.id, config.lease());
                putBack(message);
            }
        }
    }

    private void reap(LegacyMessage message, Instant now) {
        if (message.synthesisRuns >= config.maxRuns()) {
            giveUp(message, SynthesisProblem.INTERRUPTED);
        } else if (message.synthesisStartedAt.isBefore(now.minus(config.giveUpAfter()))) {
            giveUp(message, SynthesisProblem.TIMED_OUT);
        } else {
            LOG.infof("message %s lost its run (run %d); resuming it", message.id, message.synthesisRuns);
            runs.runSoon(message.id);
        }
    }

    private void putBack(LegacyMessage message) {
        try {
            await(() -> RowSecurity.inSystemTransaction("synthesis reaper",
                    () -> SynthesisOutcomes.leaseFor(new SynthesisRuns.Run(message.id,
                    message.synthesisRuns, message.userId, message.profileId, null, null, message.synthesisId),
                    config.lease())));
        } catch (RuntimeException e) {
            LOG.warnf("message %s stays first for the reaper: %s", message.id, e.toString());
        }
    }

    private void giveUp(LegacyMessage message, SynthesisProblem problem) {
        LOG.warnf("synthesis of message %s failed (%s) after %d runs, asked for at %s", message.id, problem.code(),
                message.synthesisRuns, message.synthesisStartedAt);
        outcomes.fail(message.id, message.synthesisId, message.synthesisRuns, problem.code(), problem.sentence());
    }

    private record Stalled(Instant now, List<LegacyMessage> messages) {
    }
}
