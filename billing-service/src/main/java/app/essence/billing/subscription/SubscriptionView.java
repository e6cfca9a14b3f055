package app.essence.billing.subscription;

import java.time.Instant;

/** The caller's subscription as the API shows it; Stripe's ids stay inside. */
public record SubscriptionView(String plan, String status, Instant currentPeriodEnd, boolean cancelAtPeriodEnd) {
    static SubscriptionView of(SubscriptionTerms terms) {
        return new SubscriptionView(terms.plan(), terms.status(), terms.currentPeriodEnd(), terms.cancelAtPeriodEnd());
    }
}
