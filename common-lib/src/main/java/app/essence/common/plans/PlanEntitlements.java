package app.essence.common.plans;

import app.essence.common.problem.ProblemException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import jakarta.enterprise.context.ApplicationScoped;

/** The entitlements table (docs/design.md §8): what each plan allows, and the refusal when a plan does not. */
@ApplicationScoped
public class PlanEntitlements {
    private final Map<Plan, Entitlement> table = new EnumMap<>(Plan.class);

    public PlanEntitlements(PlansConfig config) {
        table.put(Plan.FREE, entitlement(config.free()));
        table.put(Plan.ESSENTIAL, entitlement(config.essential()));
        table.put(Plan.FAMILY_ARCHIVE, entitlement(config.familyArchive()));
    }

    public Entitlement of(Plan plan) {
        return table.get(plan);
    }

    /** Refuses when {@code used} already reaches what the plan allows (a feature: when the plan lacks it). */
    public void require(Plan plan, PlanLimit limit, long used) {
        if (used >= of(plan).allowance(limit)) {
            throw refusal(limit, plan);
        }
    }

    /** A 402 problem naming the limit and the least plan that lifts it. */
    public ProblemException refusal(PlanLimit limit, Plan current) {
        long allowed = of(current).allowance(limit);
        Plan lifting = Arrays.stream(Plan.values())
                .filter(plan -> plan.ordinal() > current.ordinal() && of(plan).allowance(limit) > allowed)
                .findFirst().orElse(null);
        String has = limit.isFeature()
                ? "The " + current.code() + " plan does not include " + limit.describe(allowed) + "."
                : "The " + current.code() + " plan allows " + limit.describe(allowed) + ".";
        String lift = lifting == null ? " No plan allows more."
                : " The " + lifting.code() + " plan " + (limit.isFeature() ? "includes it."
                        : "allows " + limit.describe(of(lifting).allowance(limit)) + ".");
        return ProblemException.planLimit(limit.problemType(), has + lift, lifting == null ? null : lifting.code());
    }

    private static Entitlement entitlement(PlansConfig.Allowances allowances) {
        return new Entitlement(allowances.profiles(), allowances.messagesPerMonth(), allowances.audioDownload(),
                allowances.archiveExport());
    }
}
