package app.essence.common.inbox;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The dead letters no replay has taken yet, {@code essence_inbox_dead_letters_pending{service}} on {@code /q/metrics}:
 * the dead-letter topic's end offsets minus the replay group's committed offsets, summed over partitions. Unlike the
 * dead-letter counter it survives restarts and falls to zero once a replay took everything, so an alert can hold on
 * it. Each scrape answers the last count and starts a new one in the background (each broker call bounded), so a
 * scrape never waits for the broker, and while the broker is away the last count stays.
 */
@ApplicationScoped
public class DeadLetterBacklog {
    static final String GAUGE = "essence.inbox.dead.letters.pending";
    private static final Logger LOG = Logger.getLogger(DeadLetterBacklog.class);
    private static final int CALL_TIMEOUT_MS = 5_000;

    private final MeterRegistry registry;
    private final Map<String, Object> kafka;
    private final String topic;
    private final String group;
    private final String service;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean counting = new AtomicBoolean();
    private final ExecutorService counter = Executors.newSingleThreadExecutor(task -> {
        Thread thread = new Thread(task, "dead-letter-backlog");
        thread.setDaemon(true);
        return thread;
    });
    private Admin admin;

    public DeadLetterBacklog(MeterRegistry registry, @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "mp.messaging.incoming.essence-inbox.dead-letter-queue.topic") String topic,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.registry = registry;
        this.kafka = kafka;
        this.topic = topic;
        this.group = DeadLetterReplay.group(service);
        this.service = service;
    }

    void register(@Observes StartupEvent event) {
        Gauge.builder(GAUGE, this, DeadLetterBacklog::scraped)
                .description("dead letters of this service that no replay has taken yet")
                .tag("service", service).register(registry);
    }

    private double scraped() {
        if (counting.compareAndSet(false, true)) {
            counter.execute(() -> {
                try {
                    pending.set(count());
                } catch (Exception e) {
                    LOG.debugf("dead letters pending not counted, keeping %d: %s", pending.get(), e);
                } finally {
                    counting.set(false);
                }
            });
        }
        return pending.get();
    }

    private long count() throws Exception {
        List<TopicPartition> partitions;
        try {
            partitions = admin().describeTopics(List.of(topic), new DescribeTopicsOptions().timeoutMs(CALL_TIMEOUT_MS))
                    .allTopicNames().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS).get(topic).partitions().stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return 0; // nothing was ever dead-lettered
            }
            throw e;
        }
        Map<TopicPartition, OffsetAndMetadata> committed = admin().listConsumerGroupOffsets(group,
                new ListConsumerGroupOffsetsOptions().timeoutMs(CALL_TIMEOUT_MS)).partitionsToOffsetAndMetadata()
                .get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        Map<TopicPartition, ListOffsetsResultInfo> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, ListOffsetsResultInfo> starts = offsets(partitions, OffsetSpec.earliest());
        return partitions.stream().mapToLong(partition -> {
            OffsetAndMetadata done = committed.get(partition);
            long from = done != null ? done.offset() : starts.get(partition).offset();
            return Math.max(0, ends.get(partition).offset() - from);
        }).sum();
    }

    private Map<TopicPartition, ListOffsetsResultInfo> offsets(List<TopicPartition> partitions, OffsetSpec spec)
            throws Exception {
        return admin().listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), p -> spec)),
                new ListOffsetsOptions().timeoutMs(CALL_TIMEOUT_MS)).all().get(CALL_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private Admin admin() {
        if (admin == null) {
            Map<String, Object> config = new HashMap<>();
            kafka.forEach((key, value) -> {
                if (AdminClientConfig.configNames().contains(key)) {
                    config.put(key, value);
                }
            });
            config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS);
            config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, CALL_TIMEOUT_MS);
            admin = Admin.create(config);
        }
        return admin;
    }

    @PreDestroy
    void close() {
        counter.shutdownNow();
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(1));
        }
    }
}
