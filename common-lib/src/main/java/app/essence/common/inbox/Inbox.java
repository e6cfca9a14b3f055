package app.essence.common.inbox;

import app.essence.common.events.EssenceEvent;
import app.essence.common.events.EventCodec;
import app.essence.common.events.EventCodec.UndecodableEventException;
import app.essence.common.events.EventEnvelope;
import app.essence.common.events.EventType;
import app.essence.common.inbox.TransientFailures.DatabaseUnavailableException;
import app.essence.common.logging.LogContext;
import app.essence.common.rowsecurity.RowSecurity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.All;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.MDC;

/**
 * How a service applies an event, once: decodes it, skips ids already consumed, and runs the service's
 * {@link EventHandler} in the same transaction that records the id. While the database is away the event is retried
 * until it returns; an event that fails for itself is retried a few times and then given up on, for
 * {@link InboxConsumer} to dead-letter and {@link DeadLetterReplay} to bring back.
 */
@ApplicationScoped
public class Inbox {
    private static final String RECORD_ID = "insert into inbox_events (event_id, event_type) values (:id, :type) "
            + "on conflict (event_id) do nothing";

    /** {@code essence_inbox_events_total{service, event_type, outcome}}: events this service took, by outcome. */
    static final String COUNTER = "essence.inbox.events";
    /** The {@code event_type} of an event whose type is not in the catalogue (common-lib EventType). */
    static final String UNKNOWN_TYPE = "unknown";

    private final Map<Class<?>, EventHandler<?>> handlers;
    private final InboxConfig config;
    private final MeterRegistry registry;
    private final String service;

    /** What processing an event did. */
    public enum Outcome {
        APPLIED, ALREADY_APPLIED, NOT_HANDLED
    }

    public Inbox(@All List<EventHandler<?>> handlers, InboxConfig config, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.handlers = handlers.stream().collect(Collectors.toMap(EventHandler::eventClass, Function.identity()));
        this.config = config;
        this.registry = registry;
        this.service = service;
    }

    /** Shows each handled type's counts at zero, so a dashboard has the series before a first event. */
    void registerCounts(@Observes StartupEvent event) {
        handledTypes().forEach(type -> List.of(Outcome.APPLIED, Outcome.ALREADY_APPLIED)
                .forEach(outcome -> counter(type.typeName(), outcome)));
    }

    /** The event types this service has a handler for. */
    public Set<EventType> handledTypes() {
        return handlers.keySet().stream().map(EventType::ofDataClass).collect(Collectors.toSet());
    }

    /**
     * Applies one event, retrying as its failure deserves (each retry logged); fails with the event's last
     * failure once it should go to the dead-letter topic.
     */
    public Uni<Outcome> process(String json) {
        EventEnvelope envelope = EventCodec.readEnvelope(json);
        // Every line logged while this event is applied names it (docs/deploy.md, "Logs").
        MDC.put(LogContext.EVENT_ID, envelope.id());
        Optional<EventType> type = EventType.byName(envelope.type());
        EventHandler<?> handler = type.map(t -> handlers.get(t.dataClass())).orElse(null);
        if (handler == null) {
            // A label from the catalogue only: a producer's free text would make a new series per value.
            counter(type.map(EventType::typeName).orElse(UNKNOWN_TYPE), Outcome.NOT_HANDLED).increment();
            return Uni.createFrom().item(Outcome.NOT_HANDLED);
        }
        UUID id = eventId(envelope);
        EssenceEvent event = EventCodec.data(envelope, type.get());
        return retried(() -> attempt(handler, id, type.get(), event), config, new RetryLog(id, type.get(), config))
                .invoke(outcome -> counter(type.get().typeName(), outcome).increment());
    }

    private Counter counter(String eventType, Outcome outcome) {
        return Counter.builder(COUNTER).description("events this service took from its topics, by outcome")
                .tag("service", service).tag("event_type", eventType)
                .tag("outcome", outcome.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    /**
     * Tries until the attempt succeeds or its failure should be dead-lettered: an outage forever, a conflict
     * {@code max-conflict-attempts} times, any other failure but an undecodable event {@code max-attempts} times.
     */
    static <T> Uni<T> retried(Supplier<Uni<? extends T>> attempt, InboxConfig config, RetryLog retries) {
        return Uni.createFrom().deferred(attempt)
                .onFailure().invoke(retries::failed)
                .onFailure(TransientFailures::isTransient).retry()
                .withBackOff(config.firstBackoff(), config.maxBackoff()).indefinitely()
                .onFailure(TransientFailures::isConflict).retry()
                .withBackOff(config.firstBackoff(), config.maxBackoff()).atMost(config.maxConflictAttempts() - 1L)
                .onFailure(e -> !(e instanceof UndecodableEventException) && !TransientFailures.isConflict(e)).retry()
                .withBackOff(config.firstBackoff()).atMost(config.maxAttempts() - 1L);
    }

    /**
     * One try in one transaction. A failure before the work ran happened while getting a connection, so a
     * connect-level failure there is the database's; the same failure from the handler's own calls is the event's.
     */
    private Uni<Outcome> attempt(EventHandler<?> handler, UUID id, EventType type, EssenceEvent event) {
        AtomicBoolean connected = new AtomicBoolean();
        // Events are the system's, not a caller's: their handlers see every row (docs/architecture.md, "Row-level security").
        return RowSecurity.inSystemTransaction("event " + type.typeName(), () -> {
            connected.set(true);
            return recordFirstSighting(id, type).flatMap(first -> first
                    ? apply(handler, event).replaceWith(Outcome.APPLIED)
                    : Uni.createFrom().item(Outcome.ALREADY_APPLIED));
        }).onFailure(failure -> !connected.get() && TransientFailures.isConnectFailure(failure))
                .transform(DatabaseUnavailableException::new);
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
