package app.essence.billing.subscription;

import app.essence.common.plans.Plan;
import app.essence.common.plans.SubscriptionStatus;
import java.time.Instant;

/** What a user holds, as SubscriptionChanged announces it: a change of any of these is a real change. */
public record SubscriptionTerms(String plan, String status, Instant currentPeriodEnd, boolean cancelAtPeriodEnd) {
    /** A user Stripe knows nothing of (or whose subscription does not grant a plan): free and active. */
    public static final SubscriptionTerms FREE = new SubscriptionTerms(Plan.FREE.code(),
            SubscriptionStatus.ACTIVE.code(), null, false);

    /** Whether these terms grant a paid plan (active, trialing or past_due on a price we sell). */
    public boolean grants() {
        return !Plan.FREE.code().equals(plan) && !SubscriptionStatus.CANCELED.code().equals(status);
    }
}
