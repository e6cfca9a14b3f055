package app.essence.common.plans;

import app.essence.common.events.BillingEvents.SubscriptionChanged;
import app.essence.common.inbox.EventHandler;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A plan changed: the service's plan replica follows. Exists in the services built with
 * {@code essence.plan-replica.enabled=true} (a build-time switch, docs/plans.md); such a service does not start
 * without its {@code user_plans} table, so no event is consumed into a replica that cannot keep it.
 */
@ApplicationScoped
@IfBuildProperty(name = "essence.plan-replica.enabled", stringValue = "true")
public class SubscriptionChangedHandler implements EventHandler<SubscriptionChanged> {
    private final PlanReplica replica;

    public SubscriptionChangedHandler(PlanReplica replica) {
        this.replica = replica;
    }

    void requireTable(@Observes StartupEvent started, Pool pool) {
        try {
            pool.query("select 1 from user_plans limit 0").execute().await().atMost(Duration.ofSeconds(30));
        } catch (RuntimeException e) {
            throw new IllegalStateException("the plan replica is enabled but its table user_plans is missing: add "
                    + "db/plans to quarkus.flyway.locations (docs/plans.md)", e);
        }
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
