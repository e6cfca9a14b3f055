package app.essence.profiles.erasure;

import app.essence.common.events.BillingEvents.UserBillingErased;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** billing-service confirmed its part of an erasure. */
@ApplicationScoped
public class UserBillingErasedHandler implements EventHandler<UserBillingErased> {
    private final ErasureService erasures;

    public UserBillingErasedHandler(ErasureService erasures) {
        this.erasures = erasures;
    }

    @Override
    public Class<UserBillingErased> eventClass() {
        return UserBillingErased.class;
    }

    @Override
    public String effect() {
        return "records that billing-service's part of the erasure is done (`user_erasures`)";
    }

    @Override
    public Uni<Void> handle(UserBillingErased event) {
        return erasures.confirmed(event.userId(), "billing-service", event.occurredAt());
    }
}
