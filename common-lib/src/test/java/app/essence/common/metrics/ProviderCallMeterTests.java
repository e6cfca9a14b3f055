package app.essence.common.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.TimeoutException;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Every try of a provider call is counted once, by outcome, the calls that ran out of time included. */
class ProviderCallMeterTests {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ProviderCallMeter meter = new ProviderCallMeter(registry, "test-service");

    @Test
    void aCallCutOffByADeadlineAroundItCountsAsATimeout() {
        Uni<String> neverAnswers = Uni.createFrom().emitter(emitter -> {
        });
        assertThrows(TimeoutException.class, () -> meter.timed("elevenlabs", "text_to_speech", neverAnswers)
                .ifNoItem().after(Duration.ofMillis(50)).fail()
                .await().atMost(Duration.ofSeconds(5)));
        assertEquals(Map.of("timeout", 1L), counts("text_to_speech"));
    }

    @Test
    void aCallThatFailsForLackOfTimeCountsAsATimeoutAndOtherFailuresAsFailures() {
        assertThrows(IllegalStateException.class, () -> meter.timed("elevenlabs", "list_voices",
                Uni.createFrom().failure(new IllegalStateException("out of time",
                        new java.util.concurrent.TimeoutException()))).await().indefinitely());
        assertThrows(IOException.class, () -> meter.timed("stripe", "create_customer", () -> {
            throw new SocketTimeoutException("Read timed out");
        }));
        assertThrows(IOException.class, () -> meter.timed("stripe", "create_customer", () -> {
            throw new IOException("connection refused");
        }));
        assertEquals("ok", meter.timedSupplier("stripe", "create_customer", () -> "ok"));
        assertEquals(Map.of("timeout", 1L), counts("list_voices"));
        assertEquals(Map.of("failure", 1L, "success", 1L, "timeout", 1L), counts("create_customer"));
    }

    @Test
    void anAnsweredCallIsCountedOnceAndEveryOutcomeIsThereFromTheStart() {
        meter.register("chat", "complete");
        assertEquals(Map.of("failure", 0L, "success", 0L, "timeout", 0L), counts("complete"));
        assertEquals("answer", meter.timed("chat", "complete", Uni.createFrom().item("answer"))
                .ifNoItem().after(Duration.ofSeconds(5)).fail().await().indefinitely());
        assertEquals(Map.of("failure", 0L, "success", 1L, "timeout", 0L), counts("complete"));
    }

    private Map<String, Long> counts(String operation) {
        Map<String, Long> counts = new TreeMap<>();
        registry.find(ProviderCallMeter.TIMER).tag("operation", operation).timers()
                .forEach(timer -> counts.put(timer.getId().getTag("outcome"), timer.count()));
        return counts;
    }

    @Test
    void aBlockingCallInterruptedByItsDeadlineCountsAsATimeoutAndACauseCycleEnds() {
        // A fault-tolerance @Timeout interrupts the thread; the REST client wraps the interruption.
        assertThrows(IllegalStateException.class, () -> meter.timed("chat", "complete", () -> {
            throw new IllegalStateException("the call was cut off", new InterruptedException());
        }));
        assertEquals(Map.of("timeout", 1L), counts("complete"));

        IllegalStateException first = new IllegalStateException("first");
        IllegalStateException second = new IllegalStateException("second", first);
        first.initCause(second);
        assertEquals(ProviderCallMeter.FAILURE, ProviderCallMeter.outcome(first));
    }
}
