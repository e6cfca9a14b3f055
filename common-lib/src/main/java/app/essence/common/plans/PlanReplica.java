package app.essence.common.plans;

import app.essence.common.erasure.ErasedUsers;
import app.essence.common.events.BillingEvents.SubscriptionChanged;
import app.essence.common.reactive.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A service's copy of each user's plan, fed by SubscriptionChanged (newest wins); a user without one is on
 * {@code free}. The table {@code user_plans} comes with common-lib's Flyway location {@code db/plans}, which a
 * service that keeps the replica adds to {@code quarkus.flyway.locations} together with
 * {@code essence.plan-replica.enabled=true} (docs/plans.md).
 */
@ApplicationScoped
public class PlanReplica {
    /** Never for an erased user (common-lib ErasedUsers): a late event does not bring their plan back. */
    private static final String APPLY = "insert into user_plans (user_id, plan, status, current_period_end, changed_at) "
            + "select cast(:user as uuid), cast(:plan as text), cast(:status as text), cast(:periodEnd as timestamptz), "
            + "cast(:changedAt as timestamptz) "
            + "where not exists (select 1 from erased_users where user_id = :user) on conflict (user_id) do update "
            + "set plan = excluded.plan, status = excluded.status, current_period_end = excluded.current_period_end, "
            + "changed_at = excluded.changed_at where user_plans.changed_at < excluded.changed_at";
    private static final String READ = "select plan, status, (extract(epoch from current_period_end) * 1000000)::bigint "
            + "from user_plans where user_id = :user";
    private static final String FORGET = "delete from user_plans where user_id = :user";

    private final ErasedUsers erasedUsers;

    public PlanReplica(ErasedUsers erasedUsers) {
        this.erasedUsers = erasedUsers;
    }

    /**
     * Keeps the event's state unless a newer one is already kept; call within the consuming transaction. Takes the
     * user's turn first, so an erasure applied meanwhile is seen once it commits.
     */
    public Uni<Void> apply(SubscriptionChanged event) {
        // Validates before writing: an unknown plan or status fails the event (dead letter) instead of being kept.
        Plan plan = Plan.fromCode(event.plan());
        SubscriptionStatus status = SubscriptionStatus.fromCode(event.status());
        return erasedUsers.takeTurn(event.userId()).chain(() -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery(APPLY)
                .setParameter("user", event.userId())
                .setParameter("plan", plan.code())
                .setParameter("status", status.code())
                .setParameter("periodEnd", event.currentPeriodEnd())
                .setParameter("changedAt", event.occurredAt())
                .executeUpdate()).replaceWithVoid();
    }

    /** Forgets the user (their account is erased); call within the consuming transaction. */
    public Uni<Void> forget(UUID userId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(FORGET)
                .setParameter("user", userId).executeUpdate()).replaceWithVoid();
    }

    public Uni<PlanState> stateOf(UUID userId) {
        return Panache.withSession(() -> Panache.getSession().flatMap(session -> NativeSelects
                .create(session, READ, Object[].class).setParameter("user", userId).getResultList()))
                .map(PlanReplica::state);
    }

    /** The plan the user holds now. */
    public Uni<Plan> effectivePlan(UUID userId) {
        return stateOf(userId).map(state -> state.effectivePlan(Instant.now()));
    }

    private static PlanState state(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return PlanState.NONE;
        }
        Object[] row = rows.get(0);
        Instant periodEnd = row[2] == null ? null : Instant.EPOCH.plusNanos(((Number) row[2]).longValue() * 1000);
        return new PlanState(Plan.fromCode((String) row[0]), SubscriptionStatus.fromCode((String) row[1]), periodEnd);
    }
}
