package app.essence.common.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * docs/events.md lists exactly the events the code defines, each with its real topic and producer. (Each service's
 * consumers are checked by its own ServiceBootsTests.)
 */
class EventCatalogueTests {

    @Test
    void docsListEveryEventTypeWithItsTopicAndProducer() throws IOException {
        Map<String, String[]> rows = Files.readAllLines(Path.of("../docs/events.md")).stream()
                .filter(line -> line.startsWith("| `essence."))
                .map(line -> line.split(" \\| "))
                .filter(cells -> cells.length == 5)
                .collect(Collectors.toMap(cells -> unquote(cells[0].substring(2)), Function.identity()));
        assertEquals(Arrays.stream(EventType.values()).map(EventType::typeName).collect(Collectors.toSet()),
                rows.keySet(), "event types in docs/events.md");
        for (EventType type : EventType.values()) {
            String[] row = rows.get(type.typeName());
            assertEquals(type.topic(), unquote(row[1]), type.typeName() + " topic");
            assertEquals(producerOf(type.topic()), row[3], type.typeName() + " producer");
        }
    }

    @Test
    void docsListEveryTopicWithItsProducer() throws IOException {
        List<String[]> topics = Files.readAllLines(Path.of("../docs/events.md")).stream()
                .filter(line -> line.startsWith("| `essence.") && !line.contains("<"))
                .map(line -> line.split(" \\| "))
                .filter(cells -> cells.length == 3).toList();
        assertEquals(Arrays.stream(EventType.values()).map(EventType::topic).collect(Collectors.toSet()),
                topics.stream().map(cells -> unquote(cells[0].substring(2))).collect(Collectors.toSet()));
        topics.forEach(cells -> assertEquals(producerOf(unquote(cells[0].substring(2))), cells[1]));
    }

    /** Topics are named after the one service that publishes them: essence.clips is clips-service's. */
    private static String producerOf(String topic) {
        return topic.substring("essence.".length()) + "-service";
    }

    private static String unquote(String cell) {
        return cell.replace("`", "").trim();
    }
}
