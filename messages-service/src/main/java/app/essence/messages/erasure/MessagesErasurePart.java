package app.essence.messages.erasure;

import app.essence.common.erasure.ErasurePart;
import app.essence.common.events.MessageEvents.UserMessagesErased;
import app.essence.common.legacy.ImportLedger;
import app.essence.common.outbox.Outbox;
import app.essence.common.reactive.NativeSelects;
import app.essence.common.storage.StorageRemovals;
import app.essence.messages.message.LegacyMessage;
import app.essence.messages.ownership.ProfileOwner;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * messages-service's part of an erasure: done once the user has no message, no synthesis in the ledger and no
 * storage removal left to confirm. Completing it drops the profiles' tombstones (the erased user's record keeps
 * their profile events from reviving one), forgets the user in the legacy import's ledger and emits
 * UserMessagesErased (docs/erasure.md).
 */
@ApplicationScoped
public class MessagesErasurePart implements ErasurePart {
    private static final String SYNTHESES = "select count(*) from message_syntheses where user_id = :user";

    private final StorageRemovals removals;
    private final Outbox outbox;
    private final ImportLedger ledger;

    public MessagesErasurePart(StorageRemovals removals, Outbox outbox, ImportLedger ledger) {
        this.removals = removals;
        this.outbox = outbox;
        this.ledger = ledger;
    }

    @Override
    public Uni<Long> remaining(UUID userId) {
        return removals.pendingFor(userId)
                .flatMap(files -> LegacyMessage.count("userId", userId).map(messages -> files + messages))
                .flatMap(left -> Panache.getSession().flatMap(session -> NativeSelects
                        .create(session, SYNTHESES, Long.class).setParameter("user", userId).getSingleResult())
                        .map(syntheses -> left + syntheses));
    }

    @Override
    public Uni<Void> complete(UUID userId, Instant at) {
        return ProfileOwner.delete("userId", userId)
                .chain(() -> ledger.forget(userId))
                .chain(() -> outbox.add(new UserMessagesErased(userId, at)));
    }
}
