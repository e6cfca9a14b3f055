package app.essence.voiceengine.speech;

import app.essence.voiceengine.http.ApiError;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynthesisSlotsTests {

    @Test
    void twoRunAtOnceThreeWaitAndTheNextIsRefusedWith429() throws Exception {
        SynthesisSlots slots = new SynthesisSlots(2, 3);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger running = new AtomicInteger();
        AtomicInteger mostAtOnce = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        ExecutorService callers = Executors.newFixedThreadPool(5);
        List<CompletableFuture<Void>> admitted = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            admitted.add(CompletableFuture.runAsync(() -> run(slots, () -> {
                mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
                await(release);
                running.decrementAndGet();
                done.incrementAndGet();
            }), callers));
        }
        while (running.get() < 2) {
            Thread.onSpinWait();
        }
        Thread.sleep(100); // the other three are queued behind the two running ones by now

        ApiError refused = assertThrows(ApiError.class, () -> slots.run(done::incrementAndGet));
        assertEquals(429, refused.status());

        release.countDown();
        CompletableFuture.allOf(admitted.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        assertEquals(5, done.get());
        assertEquals(2, mostAtOnce.get());
        slots.run(done::incrementAndGet);
        assertEquals(6, done.get(), "slots are given back");
        callers.shutdown();
        assertTrue(callers.awaitTermination(5, TimeUnit.SECONDS));
    }

    private static void run(SynthesisSlots slots, SynthesisSlots.Synthesis synthesis) {
        try {
            slots.run(synthesis);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
