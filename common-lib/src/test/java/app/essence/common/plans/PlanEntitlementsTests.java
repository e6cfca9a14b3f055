package app.essence.common.plans;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.essence.common.problem.ProblemException;
import app.essence.common.problem.ProblemType;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PlanEntitlementsTests {
    private static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    private final PlanEntitlements entitlements = new PlanEntitlements(new Config(
            new Numbers(1, 3, false, false), new Numbers(3, 30, true, false), new Numbers(10, 200, true, true)));

    @Test
    void aCountedLimitIsRefusedOnceReachedAndNamesTheLeastPlanThatLiftsIt() {
        assertDoesNotThrow(() -> entitlements.require(Plan.FREE, PlanLimit.PROFILES, 0));
        ProblemException refusal = assertThrows(ProblemException.class,
                () -> entitlements.require(Plan.FREE, PlanLimit.PROFILES, 1));
        assertEquals(ProblemType.PLAN_LIMIT_PROFILES, refusal.type());
        assertEquals(402, refusal.type().status());
        assertEquals("essential", refusal.requiredPlan());
        assertEquals("The free plan allows 1 voice profile. The essential plan allows 3 voice profiles.",
                refusal.getMessage());
    }

    @Test
    void aFeatureIsLiftedByTheFirstPlanThatHasIt() {
        ProblemException refusal = assertThrows(ProblemException.class,
                () -> entitlements.require(Plan.ESSENTIAL, PlanLimit.ARCHIVE_EXPORT, 0));
        assertEquals(ProblemType.PLAN_LIMIT_ARCHIVE_EXPORT, refusal.type());
        assertEquals("family_archive", refusal.requiredPlan());
        assertDoesNotThrow(() -> entitlements.require(Plan.ESSENTIAL, PlanLimit.AUDIO_DOWNLOAD, 0));
    }

    @Test
    void theTopPlanNamesNoPlanToMoveTo() {
        ProblemException refusal = assertThrows(ProblemException.class,
                () -> entitlements.require(Plan.FAMILY_ARCHIVE, PlanLimit.MESSAGES_PER_MONTH, 200));
        assertNull(refusal.requiredPlan());
        assertEquals(ProblemType.PLAN_LIMIT_MESSAGES_PER_MONTH, refusal.type());
    }

    @Test
    void pastDueKeepsThePlanUntilThePaidPeriodEndsAndCanceledIsFree() {
        Instant later = NOW.plus(Duration.ofDays(3));
        assertEquals(Plan.ESSENTIAL, new PlanState(Plan.ESSENTIAL, SubscriptionStatus.PAST_DUE, later).effectivePlan(NOW));
        assertEquals(Plan.FREE, new PlanState(Plan.ESSENTIAL, SubscriptionStatus.PAST_DUE, NOW).effectivePlan(NOW));
        assertEquals(Plan.FREE, new PlanState(Plan.ESSENTIAL, SubscriptionStatus.PAST_DUE, null).effectivePlan(NOW));
        assertEquals(Plan.FREE, new PlanState(Plan.FAMILY_ARCHIVE, SubscriptionStatus.CANCELED, later).effectivePlan(NOW));
        assertEquals(Plan.FAMILY_ARCHIVE,
                new PlanState(Plan.FAMILY_ARCHIVE, SubscriptionStatus.TRIALING, null).effectivePlan(NOW));
        assertEquals(Plan.FREE, PlanState.NONE.effectivePlan(NOW));
    }

    @Test
    void codesRoundTripAndUnknownOnesAreRefused() {
        for (Plan plan : Plan.values()) {
            assertEquals(plan, Plan.fromCode(plan.code()));
        }
        for (SubscriptionStatus status : SubscriptionStatus.values()) {
            assertEquals(status, SubscriptionStatus.fromCode(status.code()));
        }
        assertThrows(IllegalArgumentException.class, () -> Plan.fromCode("platinum"));
        assertThrows(IllegalArgumentException.class, () -> SubscriptionStatus.fromCode("unpaid"));
    }

    private record Numbers(int profiles, int messagesPerMonth, boolean audioDownload, boolean archiveExport)
            implements PlansConfig.Allowances {
    }

    private record Config(Numbers free, Numbers essential, Numbers familyArchive) implements PlansConfig {
    }
}
