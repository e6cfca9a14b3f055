package app.essence.common.inbox;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.events.EventCodec.UndecodableEventException;
import app.essence.common.inbox.Inbox.Outcome;
import app.essence.common.problem.ProblemException;
import app.essence.common.problem.ProblemType;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
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
 * its new reason, for a later replay; a replay stops at the end the topic had when it began, or at
 * {@code essence.inbox.replay-timeout}. One replay per service runs at a time, across instances: it holds a
 * PostgreSQL advisory lock for its duration.
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
    private final Pool database;
    private final Duration timeout;

    public DeadLetterReplay(Inbox inbox, DeadLetters deadLetters, Pool database, InboxConfig config,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "mp.messaging.incoming.essence-inbox.dead-letter-queue.topic") String topic,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.inbox = inbox;
        this.deadLetters = deadLetters;
        this.kafka = kafka;
        this.topic = topic;
        this.group = group(service);
        this.database = database;
        this.timeout = config.replayTimeout();
    }

    /** The consumer group whose committed offsets say how far replays got. */
    static String group(String service) {
        return service + ".dead-letter-replay";
    }

    /** What one replay did. */
    public record Report(String topic, int replayed, int alreadyApplied, int notHandled, int undecodable,
            int deadLetteredAgain) {
    }

    /**
     * Replays what was dead-lettered since the last replay. Blocking: call it on a worker thread. Answers 409 while
     * another instance replays, 503 when the database cannot be reached or the time limit passes (what was done
     * until then stays committed).
     */
    public Report replay() {
        Instant deadline = Instant.now().plus(timeout);
        try (ReplayLock lock = ReplayLock.take(database, group); KafkaConsumer<String, String> consumer =
                new KafkaConsumer<>(consumerConfig(), new StringDeserializer(), new StringDeserializer());
                Redelivery redelivery = new Redelivery()) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ends.get(partition)) {
                        redelivery.redeliver(record, remaining(deadline, redelivery));
                        consumer.commitSync(Map.of(partition, new OffsetAndMetadata(record.offset() + 1)));
                    }
                }
                remaining(deadline, redelivery);
            }
            Report report = redelivery.report();
            LOG.infof("replayed %s: %s", topic, report);
            return report;
        }
    }

    /** The time left before the deadline; past it the replay stops with what it did so far. */
    private Duration remaining(Instant deadline, Redelivery redelivery) {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw timedOut(redelivery);
        }
        return left;
    }

    private ProblemException timedOut(Redelivery redelivery) {
        LOG.warnf("replay of %s stopped at its time limit (%s), the rest stays for the next replay: %s", topic,
                timeout, redelivery.report());
        return new ProblemException(ProblemType.UNAVAILABLE, "the replay stopped at its time limit (" + timeout
                + "); what it did is kept and the next replay goes on from there");
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
        private int notHandled;
        private int undecodable;
        private int deadLetteredAgain;

        void redeliver(ConsumerRecord<String, String> record, Duration timeLeft) {
            Outcome outcome;
            try {
                outcome = await(() -> Uni.createFrom().deferred(() -> inbox.process(record.value()))
                        .ifNoItem().after(timeLeft).failWith(TimeLimitReached::new));
            } catch (TimeLimitReached stop) {
                throw timedOut(this);
            } catch (UndecodableEventException unreadable) {
                // No replay can ever read it: dead-lettering it again would only bring it back on every replay.
                undecodable++;
                LOG.errorf("dead letter at %s-%d offset %d cannot be read and is skipped: %s", record.topic(),
                        record.partition(), record.offset(), unreadable.getMessage());
                return;
            } catch (RuntimeException failure) {
                deadLetterAgain(record, deadLetters.deadLettered(record.value(), failure));
                return;
            }
            switch (outcome) {
                case APPLIED -> replayed++;
                case ALREADY_APPLIED -> alreadyApplied++;
                case NOT_HANDLED -> notHandled++;
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
            return new Report(topic, replayed, alreadyApplied, notHandled, undecodable, deadLetteredAgain);
        }

        @Override
        public void close() {
            if (producer != null) {
                producer.close();
            }
        }
    }

    /** The inbox did not answer before the replay's deadline. */
    private static final class TimeLimitReached extends RuntimeException {
        TimeLimitReached() {
            super("time limit reached", null, false, false);
        }
    }

    /**
     * A session-level advisory lock on this service's database, held by one connection for the replay's duration, so
     * two instances (replicas, or the route and a Job) never replay the same letters at once.
     */
    private record ReplayLock(SqlConnection connection, String key) implements AutoCloseable {
        private static final Duration DATABASE_WAIT = Duration.ofSeconds(10);

        static ReplayLock take(Pool database, String key) {
            SqlConnection connection;
            boolean taken;
            try {
                connection = database.getConnection().await().atMost(DATABASE_WAIT);
            } catch (RuntimeException unavailable) {
                LOG.warnf("replay not started, the database is unavailable: %s", RetryLog.cause(unavailable));
                throw new ProblemException(ProblemType.UNAVAILABLE, "the database is unavailable; replay later");
            }
            try {
                taken = connection.preparedQuery("select pg_try_advisory_lock(hashtext($1))").execute(Tuple.of(key))
                        .await().atMost(DATABASE_WAIT).iterator().next().getBoolean(0);
            } catch (RuntimeException unavailable) {
                connection.closeAndAwait();
                throw new ProblemException(ProblemType.UNAVAILABLE, "the database is unavailable; replay later");
            }
            if (!taken) {
                connection.closeAndAwait();
                throw ProblemException.conflict("a replay of these dead letters is already running");
            }
            return new ReplayLock(connection, key);
        }

        @Override
        public void close() {
            try {
                connection.preparedQuery("select pg_advisory_unlock(hashtext($1))").execute(Tuple.of(key))
                        .await().atMost(DATABASE_WAIT);
            } catch (RuntimeException e) {
                LOG.warnf("could not release the replay lock (a lost connection releases it): %s", RetryLog.cause(e));
            } finally {
                connection.closeAndAwait();
            }
        }
    }
}
