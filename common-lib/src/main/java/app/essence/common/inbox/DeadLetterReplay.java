package app.essence.common.inbox;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.inbox.Inbox.Outcome;
import app.essence.common.problem.ProblemException;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Re-delivers this service's dead-lettered events once their cause is fixed (docs/events.md, "Dead letters").
 * Each is processed like a fresh delivery, so the inbox's id check keeps a replay from applying anything twice.
 * How far replays got is the committed offset of the consumer group {@code <service>.dead-letter-replay} on the
 * dead-letter topic: the next replay starts there. One that fails again goes back to the dead-letter topic with
 * its new reason, for a later replay; a replay stops at the end the topic had when it began.
 */
@ApplicationScoped
public class DeadLetterReplay {
    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);
    static final String REASON_HEADER = "dead-letter-reason";

    private final Inbox inbox;
    private final DeadLetters deadLetters;
    private final Map<String, Object> kafka;
    private final String topic;
    private final String group;
    private final AtomicBoolean running = new AtomicBoolean();

    public DeadLetterReplay(Inbox inbox, DeadLetters deadLetters,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "mp.messaging.incoming.essence-inbox.dead-letter-queue.topic") String topic,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        this.topic = topic;
        this.group = service + ".dead-letter-replay";
    }

    /** What one replay did. */
    public record Report(String topic, int replayed, int alreadyApplied, int deadLetteredAgain) {
    }

    /** Replays what was dead-lettered since the last replay. Blocking: call it on a worker thread. */
    public Report replay() {
        if (!running.compareAndSet(false, true)) {
            throw ProblemException.conflict("a replay of " + topic + " is already running");
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(), new StringDeserializer(),
                new StringDeserializer()); Redelivery redelivery = new Redelivery()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition)) {
                        redelivery.redeliver(record);
                        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                    }
                }
            }
            Report report = redelivery.report();
            LOG.infof("replayed %s: %d applied, %d already applied before, %d dead-lettered again", topic,
                    report.replayed(), report.alreadyApplied(), report.deadLetteredAgain());
            return report;
        } finally {
            running.set(false);
        }
    }

    private Map<String, Object> consumerConfig() {
        Map<String, Object> config = new HashMap<>(kafka);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return config;
    }

    /** Processes dead letters one by one; one that fails again is sent back to the dead-letter topic. */
    private final class Redelivery implements AutoCloseable {
        private KafkaProducer<String, String> producer;
        private int replayed;
        private int alreadyApplied;
        private int deadLetteredAgain;

        void redeliver(ConsumerRecord<String, String> record) {
            try {
                Outcome outcome = await(() -> Uni.createFrom().deferred(() -> inbox.process(record.value())));
                if (outcome == Outcome.APPLIED) {
                    replayed++;
                } else {
                    alreadyApplied++;
                }
            } catch (RuntimeException failure) {
                deadLetterAgain(record, deadLetters.deadLettered(record.value(), failure));
            }
        }

        private void deadLetterAgain(ConsumerRecord<String, String> record, Throwable reason) {
            RecordHeaders headers = new RecordHeaders(record.headers().toArray());
            headers.remove(REASON_HEADER);
            headers.add(REASON_HEADER, reason.getMessage().getBytes(StandardCharsets.UTF_8));
            try {
                producer().send(new ProducerRecord<>(topic, null, record.key(), record.value(), headers)).get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while dead-lettering an event again", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("could not dead-letter an event again: " + e.getCause(), e);
            }
            deadLetteredAgain++;
        }

        private KafkaProducer<String, String> producer() {
            if (producer == null) {
                Map<String, Object> config = new HashMap<>(kafka);
                config.put(ProducerConfig.ACKS_CONFIG, "all");
                producer = new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
            }
            return producer;
        }

        Report report() {
            return new Report(topic, replayed, alreadyApplied, deadLetteredAgain);
        }

        @Override
        public void close() {
            if (producer != null) {
                producer.close();
            }
        }
    }
}
