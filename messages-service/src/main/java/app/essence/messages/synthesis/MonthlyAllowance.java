package app.essence.messages.synthesis;

import app.essence.common.plans.PlanEntitlements;
import app.essence.common.plans.PlanLimit;
import app.essence.common.plans.PlanReplica;
import app.essence.common.reactive.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The plan's spoken messages per calendar month (UTC): the syntheses a user asked for this month that did not fail,
 * deleted messages included. One user's requests take turns (an advisory lock held to the end of the
 * transaction), so two at once never both take the last one.
 */
@ApplicationScoped
public class MonthlyAllowance {
    private static final String TAKE_TURN = "select count(*) from (select pg_advisory_xact_lock("
            + "hashtextextended(:key, 0))) turn";
    private static final String USED = "select count(*) from message_syntheses where user_id = :user "
            + "and started_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' "
            + "and (outcome is null or outcome <> 'failed')";

    private final PlanReplica plans;
    private final PlanEntitlements entitlements;

    public MonthlyAllowance(PlanReplica plans, PlanEntitlements entitlements) {
        this.plans = plans;
        this.entitlements = entitlements;
    }

    /**
     * Refuses with a 402 problem naming the plan that lifts the limit when this month's messages are used up; call
     * inside the transaction that records the new synthesis.
     */
    public Uni<Void> take(UUID userId) {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session, TAKE_TURN, Long.class)
                .setParameter("key", "message-synthesis:" + userId).getSingleResult()
                .chain(() -> NativeSelects.create(session, USED, Long.class).setParameter("user", userId)
                        .getSingleResult()))
                .chain(used -> plans.effectivePlan(userId)
                        .invoke(plan -> entitlements.require(plan, PlanLimit.MESSAGES_PER_MONTH, used)))
                .replaceWithVoid();
    }
}
