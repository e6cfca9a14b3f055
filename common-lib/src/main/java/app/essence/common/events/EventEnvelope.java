package app.essence.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/** A CloudEvents 1.0 structured-mode envelope as it travels on Kafka; {@code data} stays raw until decoded. */
public record EventEnvelope(String specversion, String id, String source, String type, String subject, Instant time,
        String datacontenttype, JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/cloudevents+json";
}
