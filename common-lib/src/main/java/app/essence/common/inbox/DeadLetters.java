package app.essence.common.inbox;

import app.essence.common.events.EventCodec;
import app.essence.common.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Every event that goes to the dead-letter topic: logged with its id, type and reason, and counted in
 * {@code essence_inbox_dead_letters_total{service, event_type}} on {@code /q/metrics}, so it can be alerted on.
 */
@ApplicationScoped
public class DeadLetters {
    static final String COUNTER = "essence.inbox.dead.letters";
    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final MeterRegistry registry;
    private final String service;

    public DeadLetters(MeterRegistry registry, @ConfigProperty(name = "quarkus.application.name") String service) {
        this.registry = registry;
        this.service = service;
    }

    /** Counts and logs an event given up on; answers the failure to dead-letter it with, its reason readable. */
    public Throwable deadLettered(String json, Throwable failure) {
        Label label = Label.of(json);
        counter(label.type()).increment();
        String reason = label.type() + " " + label.id() + " was not applied: " + RetryLog.cause(failure);
        LOG.errorf("event sent to the dead-letter topic: %s", reason);
        return new DeadLetterException(reason, failure);
    }

    /** Shows the count of each handled event type at zero, so an alert sees the series before a first dead letter. */
    void registerCounts(@Observes StartupEvent event, Inbox inbox) {
        inbox.handledTypes().forEach(type -> counter(type.typeName()));
    }

    private Counter counter(String eventType) {
        return Counter.builder(COUNTER).description("events this service gave up on and sent to its dead-letter topic")
                .tag("service", service).tag("event_type", eventType).register(registry);
    }

    /** The event's id and type, as far as they can be read. */
    private record Label(String id, String type) {
        static Label of(String json) {
            try {
                EventEnvelope envelope = EventCodec.readEnvelope(json);
                return new Label(envelope.id(), envelope.type());
            } catch (RuntimeException undecodable) {
                return new Label("(no id)", "undecodable");
            }
        }
    }

    /** The failure an event is dead-lettered with; its message is the {@code dead-letter-reason} header. */
    static final class DeadLetterException extends RuntimeException {
        DeadLetterException(String reason, Throwable cause) {
            super(reason, cause, false, false);
        }
    }
}
