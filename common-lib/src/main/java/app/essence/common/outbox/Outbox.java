package app.essence.common.outbox;

import app.essence.common.events.EssenceEvent;
import app.essence.common.events.EventCodec;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Adds events to the outbox inside the caller's reactive transaction, so they are published if and only if the
 * change they announce commits. Call it from within {@code @WithTransaction} or {@code Panache.withTransaction}.
 */
@ApplicationScoped
public class Outbox {
    private static final String INSERT = "insert into outbox_events (id, topic, event_key, event_type, payload) "
            + "values (:id, :topic, :key, :type, :payload)";

    private final String source;

    public Outbox(@ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.source = "/essence/" + applicationName;
    }

    public Uni<Void> add(EssenceEvent event) {
        EventCodec.Encoded encoded = EventCodec.encode(event, source);
        // Flush first: the aggregate's own row is then written (and locked) before the event row takes its seq,
        // so two transactions on one aggregate get seqs in their commit order.
        return Panache.getSession()
                .call(session -> session.flush())
                .call(session -> session.createNativeQuery(INSERT)
                        .setParameter("id", encoded.id())
                        .setParameter("topic", encoded.type().topic())
                        .setParameter("key", encoded.key())
                        .setParameter("type", encoded.type().typeName())
                        .setParameter("payload", encoded.json())
                        .executeUpdate())
                .replaceWithVoid();
    }
}
