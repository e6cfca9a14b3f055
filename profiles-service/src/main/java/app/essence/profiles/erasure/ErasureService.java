package app.essence.profiles.erasure;

import app.essence.common.erasure.ErasedUsers;
import app.essence.common.erasure.ErasureConfig;
import app.essence.common.events.ProfileEvents.UserDeleted;
import app.essence.common.outbox.Outbox;
import app.essence.common.plans.PlanReplica;
import app.essence.common.problem.ProblemException;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.storage.StorageKeys;
import app.essence.common.storage.StorageRemovals;
import app.essence.common.time.DbTime;
import app.essence.profiles.me.UserPublic;
import app.essence.profiles.profile.Profile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Account erasure (docs/erasure.md). Asking for it erases profiles-service's own part in one transaction (every
 * profile row, the users_public row, the plan replica; the avatar folders scheduled for removal) and emits
 * UserDeleted through the outbox, which the other services erase their part on. Asking again changes nothing.
 */
@ApplicationScoped
public class ErasureService {
    private static final Logger LOG = Logger.getLogger(ErasureService.class);

    private final ErasedUsers erasedUsers;
    private final Outbox outbox;
    private final PlanReplica plans;
    private final StorageRemovals removals;

    private final Duration stuckAfter;

    public ErasureService(ErasedUsers erasedUsers, Outbox outbox, PlanReplica plans, StorageRemovals removals,
            ErasureConfig erasure) {
        this.stuckAfter = erasure.stuckAfter();
        this.erasedUsers = erasedUsers;
        this.outbox = outbox;
        this.plans = plans;
        this.removals = removals;
    }

    /** Erases the user, or answers how far the erasure asked for before is. */
    public Uni<ErasureView> request(UUID userId) {
        List<String> storage = new ArrayList<>(StorageKeys.userAvatarFolders(userId));
        // Whoever asked, the user or an operator, the erasure reaches that user's rows only.
        return RowSecurity.inUserTransaction(userId, () -> erasedUsers.takeTurn(userId)
                .chain(() -> UserErasure.<UserErasure> findById(userId))
                .flatMap(known -> known != null ? Uni.createFrom().item(known) : begin(userId, storage)))
                .call(erasure -> removals.removeNow(storage).onFailure().recoverWithItem(0))
                .map(this::view);
    }

    public Uni<ErasureView> status(UUID userId) {
        return Panache.withSession(() -> UserErasure.<UserErasure> findById(userId))
                .onItem().ifNull().failWith(() -> ProblemException.notFound("an erasure of user " + userId))
                .map(this::view);
    }

    private ErasureView view(UserErasure erasure) {
        return ErasureView.of(erasure, erasure.requestedAt.isBefore(DbTime.now().minus(stuckAfter)));
    }

    /** A service confirmed its part; call within the consuming transaction. Unknown erasures are ignored. */
    public Uni<Void> confirmed(UUID userId, String service, Instant at) {
        return UserErasure.<UserErasure> findById(userId).invoke(erasure -> {
            if (erasure == null) {
                LOG.warnf("%s confirmed the erasure of user %s, which was never asked for here", service, userId);
                return;
            }
            switch (service) {
                case "profiles-service" -> erasure.profilesErasedAt = first(erasure.profilesErasedAt, at);
                case "clips-service" -> erasure.clipsErasedAt = first(erasure.clipsErasedAt, at);
                case "messages-service" -> erasure.messagesErasedAt = first(erasure.messagesErasedAt, at);
                case "billing-service" -> erasure.billingErasedAt = first(erasure.billingErasedAt, at);
                default -> throw new IllegalArgumentException("no service " + service + " takes part in erasures");
            }
        }).replaceWithVoid();
    }

    private Uni<UserErasure> begin(UUID userId, List<String> storage) {
        Instant now = DbTime.now();
        UserErasure erasure = new UserErasure();
        erasure.userId = userId;
        erasure.requestedAt = now;
        return erasedUsers.record(userId, now)
                .chain(() -> Profile.<Profile> list("userId", userId))
                // Avatars of an older layout lay outside the user's folders.
                .invoke(profiles -> profiles.stream().map(p -> p.avatarStoragePath).filter(path -> path != null)
                        .forEach(storage::add))
                .chain(() -> Profile.delete("userId", userId))
                .chain(() -> UserPublic.deleteById(userId))
                .chain(() -> plans.forget(userId))
                .chain(() -> removals.schedule(storage))
                .chain(() -> outbox.add(new UserDeleted(userId, now)))
                .chain(() -> erasure.<UserErasure> persist())
                .invoke(() -> LOG.infof("erasure of user %s asked for", userId));
    }

    private static Instant first(Instant known, Instant at) {
        return known != null ? known : at;
    }
}
