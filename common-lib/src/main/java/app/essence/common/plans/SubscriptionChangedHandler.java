package app.essence.common.plans;

import app.essence.common.events.BillingEvents.SubscriptionChanged;
import app.essence.common.inbox.EventHandler;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A plan changed: the service's plan replica follows. Exists in the services that keep the replica. */
@ApplicationScoped
@IfBuildProperty(name = "essence.plan-replica.enabled", stringValue = "true")
public class SubscriptionChangedHandler implements EventHandler<SubscriptionChanged> {
    private final PlanReplica replica;

    public SubscriptionChangedHandler(PlanReplica replica) {
        this.replica = replica;
    }

    @Override
    public Class<SubscriptionChanged> eventClass() {
        return SubscriptionChanged.class;
    }

    @Override
    public String effect() {
        return "keeps the user's plan in its plan replica (newer wins)";
    }

    @Override
    public Uni<Void> handle(SubscriptionChanged event) {
        return replica.apply(event);
    }
}
