package app.essence.common.reactive;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.util.function.Supplier;

/**
 * Lets blocking code (streaming a body to storage on a worker thread) run a reactive database step and wait for
 * it. The step runs on a Vert.x context, where Hibernate Reactive sessions must live.
 */
public final class ReactiveBridge {
    private ReactiveBridge() {
    }

    public static <T> T await(Supplier<Uni<T>> work) {
        try {
            return VertxContextSupport.subscribeAndAwait(work);
        } catch (RuntimeException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }
}
