package app.essence.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** docs/events.md lists exactly the events the code defines, each with its real topic. */
class EventCatalogueTests {

    @Test
    void docsListEveryEventTypeWithItsTopic() throws IOException {
        List<String> rows = Files.readAllLines(Path.of("../docs/events.md")).stream()
                .filter(line -> line.startsWith("| `essence.")).toList();
        for (EventType type : EventType.values()) {
            String row = rows.stream().filter(r -> r.startsWith("| `" + type.typeName() + "` |")).findFirst()
                    .orElseThrow(() -> new AssertionError(type.typeName() + " is missing from docs/events.md"));
            assertTrue(row.contains("| `" + type.topic() + "` |"), type.typeName() + " is documented on another topic");
        }
        Set<String> documented = rows.stream().map(r -> r.split("`")[1]).collect(Collectors.toSet());
        Set<String> defined = Arrays.stream(EventType.values()).map(EventType::typeName).collect(Collectors.toSet());
        assertEquals(defined, documented);
    }
}
