package app.essence.common.storage;

import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Runs a blocking storage call from a reactive chain: on a worker thread, on the caller's Vert.x context. */
public final class StorageCalls {
    private StorageCalls() {
    }

    public static <T> Uni<T> onWorker(Call<T> call) {
        return VertxContextSupport.executeBlocking(() -> {
            try {
                return call.run();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** A storage call that may fail with an {@link IOException}. */
    @FunctionalInterface
    public interface Call<T> {
        T run() throws IOException;
    }
}
