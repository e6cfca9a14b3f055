package app.essence.common.outbox;

import app.essence.common.events.EventEnvelope;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Publishes committed outbox rows to Kafka in seq order and marks them published. Woken by the outbox's
 * NOTIFY and by a polling timer (which also retries while the broker is down). One relay at a time publishes per
 * database, so per-key order holds with several instances; its rows are locked while it works.
 */
@ApplicationScoped
public class OutboxRelay {
    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final String TRY_LOCK = "select pg_try_advisory_xact_lock(hashtext('essence.outbox.relay'))";
    private static final String NEXT_BATCH = "select id, topic, event_key, payload from outbox_events "
            + "where published_at is null order by seq limit $1 for update skip locked";
    private static final String MARK_PUBLISHED = "update outbox_events set published_at = now() where id = any($1)";
    /** {@code essence_outbox_published_total{service}} and {@code essence_outbox_publish_failures_total{service}}. */
    static final String PUBLISHED = "essence.outbox.published";
    static final String FAILURES = "essence.outbox.publish.failures";

    private final Pool pool;
    private final Vertx vertx;
    private final MutinyEmitter<String> emitter;
    private final OutboxConfig config;
    private final OutboxWakeUp wakeUp;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean requested = new AtomicBoolean();
    private final AtomicBoolean pollRequested = new AtomicBoolean();
    private final AtomicLong pollsCompleted = new AtomicLong();
    private volatile long timerId = -1;
    private final Counter published;
    private final Counter failures;
    private volatile long retryDelayMillis;

    public OutboxRelay(Pool pool, Vertx vertx, @Channel("essence-outbox") MutinyEmitter<String> emitter,
            OutboxConfig config, OutboxWakeUp wakeUp, MeterRegistry registry,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.pool = pool;
        this.vertx = vertx;
        this.emitter = emitter;
        this.config = config;
        this.wakeUp = wakeUp;
        this.published = Counter.builder(PUBLISHED).description("outbox events published to Kafka")
                .tag("service", service).register(registry);
        this.failures = Counter.builder(FAILURES)
                .description("outbox drains that failed (broker or database away) and were tried again")
                .tag("service", service).register(registry);
    }

    void start(@Observes StartupEvent event) {
        if (!config.relayEnabled()) {
            LOG.warn("the outbox relay is paused by configuration (essence.outbox.relay-enabled=false)");
            return;
        }
        wakeUp.listen(this::requestDrain);
        timerId = vertx.setPeriodic(config.pollInterval().toMillis(), id -> poll());
        requestDrain();
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
        wakeUp.close();
    }

    /** How many drains the polling timer asked for have finished: what a test waits on to see polls happen. */
    public long pollsCompleted() {
        return pollsCompleted.get();
    }

    private void poll() {
        pollRequested.set(true);
        requestDrain();
    }

    /** Drains the outbox now, or right after the drain in progress. */
    public void requestDrain() {
        requested.set(true);
        if (running.compareAndSet(false, true)) {
            requested.set(false);
            boolean polled = pollRequested.getAndSet(false);
            drain().subscribe().with(published -> finishDrain(polled), this::retryLater);
        }
    }

    private void finishDrain(boolean polled) {
        if (polled) {
            pollsCompleted.incrementAndGet();
        }
        retryDelayMillis = 0;
        running.set(false);
        if (requested.get()) {
            requestDrain();
        }
    }

    /** The broker or the database is away: try again soon, backing off up to the poll interval. */
    private void retryLater(Throwable failure) {
        failures.increment();
        retryDelayMillis = Math.min(Math.max(2 * retryDelayMillis, 100), config.pollInterval().toMillis());
        LOG.warnf("outbox relay: publishing failed, retrying in %d ms: %s", retryDelayMillis, failure.getMessage());
        running.set(false);
        vertx.setTimer(retryDelayMillis, id -> requestDrain());
    }

    /**
     * Publishes batches until the outbox has no unpublished row this relay may take. Safe to run concurrently, in
     * this process or another: one caller at a time holds the database's relay lock, the others return 0.
     */
    public Uni<Integer> drain() {
        return publishBatch().flatMap(count -> count < config.batchSize()
                ? Uni.createFrom().item(count)
                : drain().map(more -> count + more));
    }

    private Uni<Integer> publishBatch() {
        return pool.withTransaction(connection -> connection.query(TRY_LOCK).execute()
                .flatMap(lock -> lock.iterator().next().getBoolean(0)
                        ? publishLocked(connection)
                        : Uni.createFrom().item(0)));
    }

    private Uni<Integer> publishLocked(SqlConnection connection) {
        return connection.preparedQuery(NEXT_BATCH).execute(Tuple.of(config.batchSize()))
                .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : publishRows(connection, rows));
    }

    private Uni<Integer> publishRows(SqlConnection connection, RowSet<Row> rows) {
        List<Uni<Void>> sends = new ArrayList<>();
        List<UUID> ids = new ArrayList<>();
        for (Row row : rows) {
            ids.add(row.getUUID("id"));
            sends.add(send(row.getString("topic"), row.getString("event_key"), row.getString("payload")));
        }
        // Subscribed in order, so the producer receives the records in seq order; acks arrive in any order.
        return Uni.join().all(sends).andFailFast()
                .ifNoItem().after(config.publishTimeout()).fail()
                .flatMap(done -> connection.preparedQuery(MARK_PUBLISHED)
                        .execute(Tuple.of(ids.toArray(UUID[]::new))))
                .map(updated -> ids.size())
                .invoke(count -> published.increment(count));
    }

    private Uni<Void> send(String topic, String key, String payload) {
        RecordHeaders headers = new RecordHeaders();
        headers.add("content-type", EventEnvelope.CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String> builder()
                .withTopic(topic).withKey(key).withHeaders(headers).build();
        return emitter.sendMessage(Message.of(payload).addMetadata(metadata));
    }
}
