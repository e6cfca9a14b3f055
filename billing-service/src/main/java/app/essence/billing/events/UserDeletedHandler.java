package app.essence.billing.events;

import app.essence.billing.subscription.StripeCancellations;
import app.essence.billing.subscription.SubscriptionLedger;
import app.essence.common.events.ProfileEvents.UserDeleted;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The account was erased: the subscription row goes, the user is remembered as erased (a late webhook never brings
 * the row back), and the user's Stripe customer is scheduled for deletion (which cancels every subscription of
 * theirs; a subscription without a customer is cancelled by id), which {@link StripeCancellations} retries until
 * Stripe confirms; {@link app.essence.billing.erasure.BillingErasurePart} then completes the part (docs/erasure.md).
 */
@ApplicationScoped
public class UserDeletedHandler implements EventHandler<UserDeleted> {
    private final SubscriptionLedger ledger;
    private final StripeCancellations cancellations;

    public UserDeletedHandler(SubscriptionLedger ledger, StripeCancellations cancellations) {
        this.ledger = ledger;
        this.cancellations = cancellations;
    }

    @Override
    public Class<UserDeleted> eventClass() {
        return UserDeleted.class;
    }

    @Override
    public String effect() {
        return "erases the user's subscription row and deletes their Stripe customer, cancelling every "
                + "subscription of theirs (retried until Stripe confirms), then emits UserBillingErased";
    }

    @Override
    public Uni<Void> handle(UserDeleted event) {
        return ledger.erase(event.userId()).flatMap(atStripe -> atStripe.customerId()
                .map(customer -> cancellations.scheduleCustomer(customer, event.userId()))
                .or(() -> atStripe.subscriptionId().map(id -> cancellations.schedule(id, event.userId())))
                .orElseGet(() -> Uni.createFrom().voidItem()));
    }
}
