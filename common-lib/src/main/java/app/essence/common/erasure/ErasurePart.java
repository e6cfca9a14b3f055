package app.essence.common.erasure;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.UUID;

/**
 * A service's part of an account erasure, finished by {@link ErasureCompletion} once nothing of the user is left
 * to erase (docs/erasure.md). One bean per service.
 */
public interface ErasurePart {
    /**
     * How many things of the user this service still has to erase or have confirmed erased (rows, scheduled storage
     * removals, voices at the provider, customers at Stripe); 0 once its part is done. Called within a transaction.
     */
    Uni<Long> remaining(UUID userId);

    /**
     * The part is done: drops what was kept only to finish it and says so (an event through the outbox, or
     * profiles-service's own record). Called within the completing transaction.
     */
    Uni<Void> complete(UUID userId, Instant at);
}
