package app.essence.billing.subscription;

import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The caller's subscription as the API shows it; Stripe's ids stay inside. */
public record SubscriptionView(String plan, String status, @Schema(nullable = true) Instant currentPeriodEnd,
        boolean cancelAtPeriodEnd) {
    static SubscriptionView of(SubscriptionTerms terms) {
        return new SubscriptionView(terms.plan(), terms.status(), terms.currentPeriodEnd(), terms.cancelAtPeriodEnd());
    }
}
