package app.essence.clips.voice;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;
import org.eclipse.microprofile.faulttolerance.Asynchronous;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * The one limit on calls to the voice provider, shared by every operation: at most {@link #MAX_IN_FLIGHT} at once
 * per instance, the others wait their turn in a queue (an asynchronous bulkhead queues, a synchronous one would
 * refuse). Override with {@code app.essence.clips.voice.ProviderCalls/limited/Bulkhead/value}.
 */
@ApplicationScoped
public class ProviderCalls {
    static final int MAX_IN_FLIGHT = 2;

    @Asynchronous
    @Bulkhead(value = MAX_IN_FLIGHT, waitingTaskQueue = 1000)
    public <T> CompletionStage<T> limited(Supplier<T> call) {
        return CompletableFuture.completedFuture(call.get());
    }
}
