package app.essence.common.events;

import app.essence.common.json.EssenceJson;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.UUID;

/** The one place where events become CloudEvents JSON and back. */
public final class EventCodec {
    // Tolerant reader: a newer producer may add envelope attributes (traceparent…) or data fields to a v1 event.
    private static final ObjectMapper MAPPER = EssenceJson.newMapper()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private EventCodec() {
    }

    /** An event as it will be written to the outbox and published: envelope, id and all. */
    public record Encoded(UUID id, EventType type, String key, String json) {
    }

    public static Encoded encode(EssenceEvent event, String source) {
        EventType type = EventType.of(event);
        UUID id = UUID.randomUUID();
        EventEnvelope envelope = new EventEnvelope(EventEnvelope.SPEC_VERSION, id.toString(), source,
                type.typeName(), event.aggregateId().toString(), event.occurredAt(), "application/json",
                MAPPER.valueToTree(event));
        try {
            return new Encoded(id, type, event.aggregateId().toString(), MAPPER.writeValueAsString(envelope));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("event " + type.typeName() + " cannot be written as JSON", e);
        }
    }

    /** Reads the envelope only; {@link #data} decodes the payload once the type is known to be wanted. */
    public static EventEnvelope readEnvelope(String json) {
        EventEnvelope envelope;
        try {
            envelope = MAPPER.readValue(json, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new UndecodableEventException("not a CloudEvents JSON envelope: " + e.getOriginalMessage());
        }
        if (!EventEnvelope.SPEC_VERSION.equals(envelope.specversion()) || envelope.id() == null
                || envelope.type() == null || envelope.data() == null) {
            throw new UndecodableEventException("envelope lacks specversion 1.0, id, type or data");
        }
        return envelope;
    }

    public static EssenceEvent data(EventEnvelope envelope, EventType type) {
        try {
            return MAPPER.treeToValue(envelope.data(), type.dataClass());
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UndecodableEventException("data of " + type.typeName() + " does not decode: " + e.getMessage());
        }
    }

    /** Thrown for an event that no retry can fix: it goes to the dead-letter topic at once. */
    public static class UndecodableEventException extends RuntimeException {
        public UndecodableEventException(String message) {
            super(message);
        }
    }
}
