package app.essence.common.plans;

import java.time.Instant;

/** A user's subscription as the services know it; {@link #effectivePlan} is what it grants at a moment. */
public record PlanState(Plan plan, SubscriptionStatus status, Instant currentPeriodEnd) {
    public static final PlanState NONE = new PlanState(Plan.FREE, SubscriptionStatus.ACTIVE, null);

    /**
     * {@code active}/{@code trialing} grant the plan; {@code past_due} keeps it until the paid period ends;
     * {@code canceled} is {@code free} (docs/design.md §8).
     */
    public Plan effectivePlan(Instant now) {
        return switch (status) {
            case ACTIVE, TRIALING -> plan;
            case PAST_DUE -> currentPeriodEnd != null && now.isBefore(currentPeriodEnd) ? plan : Plan.FREE;
            case CANCELED -> Plan.FREE;
        };
    }
}
