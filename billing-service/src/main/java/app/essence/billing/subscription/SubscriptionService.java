package app.essence.billing.subscription;

import app.essence.common.identity.Caller;
import app.essence.common.rowsecurity.RowSecurity;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** What a user may read of their own subscription. */
@ApplicationScoped
public class SubscriptionService {

    /** The caller's subscription; a user Stripe never told us about is on {@code free}, {@code active}. */
    public Uni<SubscriptionView> of(Caller caller) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> Subscription.<Subscription> find("userId",
                caller.userId()).firstResult()
                .map(row -> SubscriptionView.of(row == null ? SubscriptionTerms.FREE : row.terms())));
    }
}
