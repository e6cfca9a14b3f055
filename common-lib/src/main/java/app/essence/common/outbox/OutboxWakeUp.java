package app.essence.common.outbox;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.pubsub.PgSubscriber;
import io.vertx.pgclient.PgConnectOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Listens for the outbox's NOTIFY on a connection of its own, reconnecting when PostgreSQL goes away. */
@ApplicationScoped
public class OutboxWakeUp {
    private static final Logger LOG = Logger.getLogger(OutboxWakeUp.class);
    static final String CHANNEL = "essence_outbox";

    private final Vertx vertx;
    private final PgConnectOptions options;
    private PgSubscriber subscriber;

    public OutboxWakeUp(Vertx vertx, @ConfigProperty(name = "quarkus.datasource.reactive.url") String url,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> user,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password) {
        this.vertx = vertx;
        this.options = PgConnectOptions.fromUri(url.replaceFirst("^vertx-reactive:", ""));
        user.ifPresent(options::setUser);
        password.ifPresent(options::setPassword);
    }

    void listen(Runnable onNotify) {
        subscriber = PgSubscriber.subscriber(vertx, options).reconnectPolicy(retries -> 1000L);
        subscriber.channel(CHANNEL).handler(payload -> onNotify.run());
        subscriber.connect().subscribe().with(
                ok -> LOG.debug("listening for outbox notifications"),
                failure -> LOG.warnf("cannot listen for outbox notifications, polling only: %s",
                        failure.getMessage()));
    }

    void close() {
        if (subscriber != null) {
            subscriber.closeAndForget();
        }
    }
}
