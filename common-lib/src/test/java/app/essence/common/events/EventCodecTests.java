package app.essence.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.ClipEvents.ClipUploaded;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventCodecTests {

    @Test
    void eventRoundTripsThroughTheCloudEventsEnvelope() {
        ClipUploaded event = new ClipUploaded(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), 7, 12345,
                6100, "good", 8, Instant.parse("2026-03-01T10:15:30.123456Z"));
        EventCodec.Encoded encoded = EventCodec.encode(event, "/essence/clips-service");
        assertEquals(event.profileId().toString(), encoded.key());
        assertEquals("essence.clips", encoded.type().topic());
        assertTrue(encoded.json().contains("\"specversion\":\"1.0\""));
        assertTrue(encoded.json().contains("\"type\":\"essence.clip.uploaded.v1\""));
        assertTrue(encoded.json().contains("\"prompt_index\":7"));
        assertTrue(encoded.json().contains("\"time\":\"2026-03-01T10:15:30.123456Z\""));

        EventEnvelope envelope = EventCodec.readEnvelope(encoded.json());
        assertEquals(encoded.id().toString(), envelope.id());
        assertEquals(event.profileId().toString(), envelope.subject());
        assertEquals(event, EventCodec.data(envelope, EventType.byName(envelope.type()).orElseThrow()));
    }

    @Test
    void attributesAndFieldsFromANewerProducerAreTolerated() {
        String json = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"essence.user.deleted.v1\","
                + "\"traceparent\":\"00-abc-def-01\",\"data\":{\"user_id\":\"" + UUID.randomUUID()
                + "\",\"occurred_at\":\"2026-01-01T00:00:00Z\",\"reason\":\"added later\"}}";
        EventEnvelope envelope = EventCodec.readEnvelope(json);
        assertTrue(EventCodec.data(envelope, EventType.USER_DELETED) instanceof ProfileEvents.UserDeleted);
    }

    @Test
    void garbageAndIncompleteEnvelopesAreUndecodable() {
        assertThrows(EventCodec.UndecodableEventException.class, () -> EventCodec.readEnvelope("not json"));
        assertThrows(EventCodec.UndecodableEventException.class,
                () -> EventCodec.readEnvelope("{\"specversion\":\"1.0\",\"type\":\"x\"}"));
        EventEnvelope wrongData = EventCodec.readEnvelope("{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID()
                + "\",\"type\":\"essence.clip.uploaded.v1\",\"data\":{\"prompt_index\":\"seven\"}}");
        assertThrows(EventCodec.UndecodableEventException.class,
                () -> EventCodec.data(wrongData, EventType.CLIP_UPLOADED));
    }

    @Test
    void everyEventTypeIsVersionedAndUnique() {
        for (EventType type : EventType.values()) {
            assertTrue(type.typeName().matches("essence\\.[a-z-]+\\.[a-z-]+\\.v\\d+"), type.typeName());
            assertEquals(type, EventType.byName(type.typeName()).orElseThrow());
        }
    }
}
