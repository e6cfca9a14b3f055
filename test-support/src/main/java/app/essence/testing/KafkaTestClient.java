package app.essence.testing;

import app.essence.common.events.EssenceEvent;
import app.essence.common.events.EventCodec;
import app.essence.common.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for tests: publish raw events, read what a service published. */
public final class KafkaTestClient {
    private KafkaTestClient() {
    }

    public static void send(String topic, String key, String value) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.broker().bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /** Publishes an event as its producer's outbox relay would, and answers the envelope sent. */
    public static EventCodec.Encoded publish(EssenceEvent event) {
        EventCodec.Encoded encoded = EventCodec.encode(event, "/essence/test");
        send(encoded.type().topic(), encoded.key(), encoded.json());
        return encoded;
    }

    /** Reads the topic from the start until {@code enough} holds for what was read, or {@code timeout} passes. */
    public static List<ConsumerRecord<String, String>> read(String topic, Duration timeout,
            Predicate<List<ConsumerRecord<String, String>>> enough) {
        Properties props = new Properties();
        props.putAll(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaResource.broker().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"));
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (Instant.now().isBefore(deadline) && !enough.test(records)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * The events of one aggregate (its key) on a topic that {@code which} accepts, decoded, in partition order:
     * read until {@code expected} of them are there, then a moment longer, so an unexpected extra one shows too.
     */
    public static List<EssenceEvent> eventsOf(String topic, String key, Predicate<EssenceEvent> which, int expected) {
        Predicate<ConsumerRecord<String, String>> wanted = r -> key.equals(r.key()) && which.test(decode(r));
        read(topic, Duration.ofSeconds(30), read -> read.stream().filter(wanted).count() >= expected);
        return read(topic, Duration.ofMillis(1500), read -> read.stream().filter(wanted).count() > expected).stream()
                .filter(wanted).map(KafkaTestClient::decode).toList();
    }

    private static EssenceEvent decode(ConsumerRecord<String, String> record) {
        var envelope = EventCodec.readEnvelope(record.value());
        return EventCodec.data(envelope, EventType.byName(envelope.type()).orElseThrow());
    }
}
