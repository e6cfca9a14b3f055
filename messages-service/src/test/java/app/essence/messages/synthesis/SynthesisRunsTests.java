package app.essence.messages.synthesis;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a stopping instance does with a synthesis asked for at that moment, and how many runs it hands off. */
class SynthesisRunsTests {

    @Test
    void aSynthesisAskedForWhileTheInstanceStopsIsLeftToTheReaper() {
        SynthesisRuns runs = new SynthesisRuns(null, null, null, new Config());
        runs.stop(null);
        // The request that started it has committed; it must not end in a 500 because no worker takes it here.
        assertDoesNotThrow(() -> runs.runSoon(UUID.randomUUID()));
    }

    @Test
    void aRunTheRequestTookWhileTheInstanceStopsGivesItsWorkerBackAndIsLeftToTheReaper() {
        SynthesisRuns runs = new SynthesisRuns(null, null, null, new Config());
        runs.stop(null);
        SynthesisRuns.Run run = new SynthesisRuns.Run(UUID.randomUUID(), 1, UUID.randomUUID(), UUID.randomUUID(),
                "voice", "Hello.", UUID.randomUUID());
        assertTrue(runs.reserveWorker());
        // Committed with its lease: no worker and no renewal here, and the request still answers 202.
        assertDoesNotThrow(() -> runs.start(run));
        assertTrue(runs.reserveWorker(), "the worker it reserved is free again");
    }

    @Test
    void noMoreRunsAreHandedOffThanThereAreWorkers() {
        SynthesisRuns runs = new SynthesisRuns(null, null, null, new Config());
        assertTrue(runs.reserveWorker());
        assertFalse(runs.reserveWorker(), "one worker: a second request leaves its run to a claim");
        runs.releaseWorker();
        assertTrue(runs.reserveWorker());
        runs.stop(null);
    }

    private static final class Config implements SynthesisConfig {
        @Override
        public Duration lease() {
            return Duration.ofMinutes(2);
        }

        @Override
        public int workers() {
            return 1;
        }

        @Override
        public Duration speechTimeout() {
            return Duration.ofMinutes(10);
        }

        @Override
        public Duration retryPause() {
            return Duration.ofSeconds(30);
        }

        @Override
        public int maxRuns() {
            return 3;
        }

        @Override
        public Duration giveUpAfter() {
            return Duration.ofHours(1);
        }

        @Override
        public Duration reaperInterval() {
            return Duration.ofSeconds(30);
        }
    }
}
