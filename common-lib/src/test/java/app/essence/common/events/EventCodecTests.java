package app.essence.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.ClipEvents.ClipUploaded;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
    void aProfileEventCarriesIdsOnlyAndTheOlderVersionStillInTheTopicIsRead() {
        UUID profile = UUID.randomUUID();
        UUID user = UUID.randomUUID();
        EventCodec.Encoded encoded = EventCodec.encode(new ProfileEvents.ProfileCreated(profile, user,
                Instant.parse("2026-03-01T10:15:30Z")), "/essence/profiles-service");
        assertTrue(encoded.json().contains("\"type\":\"essence.profile.created.v2\""), encoded.json());
        assertEquals(List.of("occurred_at", "profile_id", "user_id"), fieldsOf(encoded.json()));

        for (String old : List.of("essence.profile.created.v1", "essence.profile.updated.v1")) {
            String json = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"type\":\"" + old
                    + "\",\"data\":{\"profile_id\":\"" + profile + "\",\"user_id\":\"" + user
                    + "\",\"name\":\"Grandma Rose\",\"relation\":\"grandmother\","
                    + "\"occurred_at\":\"2026-01-01T00:00:00Z\"}}";
            EventEnvelope envelope = EventCodec.readEnvelope(json);
            EventType type = EventType.byName(old).orElseThrow();
            EssenceEvent event = EventCodec.data(envelope, type);
            assertEquals(old.replace(".v1", ".v2"), type.typeName());
            assertEquals(profile, event.aggregateId());
            assertFalse(event.toString().contains("Rose"), event.toString());
        }
    }

    private static List<String> fieldsOf(String json) {
        try {
            List<String> fields = new ArrayList<>();
            new ObjectMapper().readTree(json).get("data").fieldNames().forEachRemaining(fields::add);
            return fields.stream().sorted().toList();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
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
