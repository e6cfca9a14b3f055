package app.essence.profiles.profile;

import app.essence.common.plans.PlanEntitlements;
import app.essence.common.plans.PlanLimit;
import app.essence.common.plans.PlanReplica;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * How many live profiles the user's plan allows. A lapsed plan deletes nothing: existing profiles stay, only a new
 * one beyond the number is refused.
 */
@ApplicationScoped
public class ProfileAllowance {
    // One user's creations take turns, so two at once cannot both see room for one more.
    private static final String TAKE_TURN = "select count(*) from (select pg_advisory_xact_lock(hashtextextended(:user, 0))) turn";

    private final PlanReplica plans;
    private final PlanEntitlements entitlements;

    public ProfileAllowance(PlanReplica plans, PlanEntitlements entitlements) {
        this.plans = plans;
        this.entitlements = entitlements;
    }

    /** Refuses with a 402 problem when the user has as many live profiles as the plan allows; call in a transaction. */
    public Uni<Void> requireRoomForOneMore(UUID userId) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(TAKE_TURN).setParameter("user", userId.toString())
                        .getSingleResult())
                .chain(() -> Profile.count("userId = ?1 and deletedAt is null", userId))
                .chain(count -> plans.effectivePlan(userId)
                        .invoke(plan -> entitlements.require(plan, PlanLimit.PROFILES, count)))
                .replaceWithVoid();
    }
}
