package app.essence.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** What clips-service announced, as the broker holds it. */
final class EventLog {
    private static final ObjectMapper JSON = new ObjectMapper();

    private EventLog() {
    }

    record ClipEvent(String id, String type, Instant time, int trainingClipCount) {
    }

    /** The clip events of each profile, one per event id (copies sent again count once), in time order. */
    static Map<String, List<ClipEvent>> clipEvents(String bootstrap) {
        Map<String, Map<String, ClipEvent>> byProfile = new LinkedHashMap<>();
        EventReplay.readAll(bootstrap, List.of("essence.clips")).forEach(record -> {
            JsonNode envelope = read(record.value());
            String type = envelope.path("type").asText();
            if (type.startsWith("essence.clip.")) {
                ClipEvent event = new ClipEvent(envelope.path("id").asText(), type,
                        Instant.parse(envelope.path("time").asText()),
                        envelope.path("data").path("training_clip_count").asInt());
                byProfile.computeIfAbsent(record.key(), k -> new LinkedHashMap<>()).putIfAbsent(event.id(), event);
            }
        });
        return byProfile.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().values()
                .stream().sorted(Comparator.comparing(ClipEvent::time)).toList()));
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
