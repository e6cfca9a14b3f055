package app.essence.common.inbox;

import app.essence.common.events.EssenceEvent;
import app.essence.common.events.EventCodec;
import app.essence.common.events.EventCodec.UndecodableEventException;
import app.essence.common.events.EventEnvelope;
import app.essence.common.events.EventType;
import io.quarkus.arc.All;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * The one idempotent consumer of a service: decodes each event, skips ids already consumed, and runs the
 * service's {@link EventHandler} in the same transaction that records the id. While the database is away the event
 * is retried until it returns; an event that fails for itself is retried a few times, then nacked to the
 * dead-letter topic with its reason, so the partition moves on.
 */
@ApplicationScoped
public class InboxConsumer {
    private static final Logger LOG = Logger.getLogger(InboxConsumer.class);
    private static final String RECORD_ID = "insert into inbox_events (event_id, event_type) values (:id, :type) "
            + "on conflict (event_id) do nothing";

    private final Map<Class<?>, EventHandler<?>> handlers;
    private final InboxConfig config;

    public InboxConsumer(@All List<EventHandler<?>> handlers, InboxConfig config) {
        this.handlers = handlers.stream().collect(Collectors.toMap(EventHandler::eventClass, Function.identity()));
        this.config = config;
    }

    @Incoming("essence-inbox")
    public Uni<Void> consume(Message<String> message) {
        return Uni.createFrom().deferred(() -> process(message.getPayload()))
                .onItem().transformToUni(done -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> {
                    LOG.errorf("event sent to the dead-letter topic: %s", failure.getMessage());
                    return Uni.createFrom().completionStage(message.nack(failure));
                });
    }

    /** Applies one event; completes without effect for a duplicate or an event this service does not handle. */
    private Uni<Void> process(String json) {
        EventEnvelope envelope = EventCodec.readEnvelope(json);
        Optional<EventType> type = EventType.byName(envelope.type());
        EventHandler<?> handler = type.map(t -> handlers.get(t.dataClass())).orElse(null);
        if (handler == null) {
            return Uni.createFrom().voidItem();
        }
        UUID id = eventId(envelope);
        EssenceEvent event = EventCodec.data(envelope, type.get());
        return Panache.withTransaction(() -> recordFirstSighting(id, type.get())
                        .flatMap(first -> first ? apply(handler, event) : Uni.createFrom().voidItem()))
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(config.firstBackoff(), config.maxBackoff()).indefinitely()
                .onFailure(e -> !(e instanceof UndecodableEventException)).retry()
                .withBackOff(config.firstBackoff()).atMost(config.maxAttempts() - 1L);
    }

    private static Uni<Boolean> recordFirstSighting(UUID id, EventType type) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(RECORD_ID)
                .setParameter("id", id)
                .setParameter("type", type.typeName())
                .executeUpdate())
                .map(inserted -> inserted == 1);
    }

    @SuppressWarnings("unchecked")
    private static <E extends EssenceEvent> Uni<Void> apply(EventHandler<E> handler, EssenceEvent event) {
        return handler.handle((E) event);
    }

    private static UUID eventId(EventEnvelope envelope) {
        try {
            return UUID.fromString(envelope.id());
        } catch (IllegalArgumentException e) {
            throw new UndecodableEventException("event id is not a UUID: " + envelope.id());
        }
    }
}
