package app.essence.profiles.profile;

import app.essence.common.erasure.ErasedUsers;
import app.essence.common.plans.PlanEntitlements;
import app.essence.common.plans.PlanLimit;
import app.essence.common.plans.PlanReplica;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * How many live profiles the user's plan allows. A lapsed plan deletes nothing: existing profiles stay, only a new
 * one beyond the number is refused.
 */
@ApplicationScoped
public class ProfileAllowance {
    private final ErasedUsers erasedUsers;
    private final PlanReplica plans;
    private final PlanEntitlements entitlements;

    public ProfileAllowance(ErasedUsers erasedUsers, PlanReplica plans, PlanEntitlements entitlements) {
        this.erasedUsers = erasedUsers;
        this.plans = plans;
        this.entitlements = entitlements;
    }

    /**
     * Refuses with a 402 problem when the user has as many live profiles as the plan allows, and with 410 when the
     * account was erased; call in a transaction. One user's creations and their erasure take turns, so two at once
     * cannot both see room for one more and none commits after the erasure (docs/erasure.md).
     */
    public Uni<Void> requireRoomForOneMore(UUID userId) {
        return erasedUsers.refuseIfErased(userId)
                .chain(() -> Profile.count("userId = ?1 and deletedAt is null", userId))
                .chain(count -> plans.effectivePlan(userId)
                        .invoke(plan -> entitlements.require(plan, PlanLimit.PROFILES, count)))
                .replaceWithVoid();
    }
}
