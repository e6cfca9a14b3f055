package app.essence.common.inbox;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An event no handler takes is counted under a label from the catalogue, never the producer's own text. */
class InboxTests {
    @Test
    void anEventOfATypeOutsideTheCatalogueIsCountedAsUnknown() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        Inbox inbox = new Inbox(List.of(), null, registry, "test-service");
        for (String type : List.of("app.essence.x.v1", "attacker-chosen-" + UUID.randomUUID())) {
            String json = "{\"specversion\":\"1.0\",\"id\":\"" + UUID.randomUUID() + "\",\"source\":\"/test\","
                    + "\"type\":\"" + type + "\",\"data\":{}}";
            assertEquals(Inbox.Outcome.NOT_HANDLED, inbox.process(json).await().indefinitely());
        }
        List<String> labels = registry.getMeters().stream().map(Meter::getId)
                .filter(id -> id.getName().equals(Inbox.COUNTER)).map(id -> id.getTag("event_type")).toList();
        assertEquals(List.of(Inbox.UNKNOWN_TYPE), labels);
        assertEquals(2.0, registry.get(Inbox.COUNTER).tag("event_type", Inbox.UNKNOWN_TYPE).counter().count());
    }
}
