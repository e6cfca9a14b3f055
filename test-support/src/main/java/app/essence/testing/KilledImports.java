package app.essence.testing;

import app.essence.common.events.EventCodec;
import app.essence.common.events.EventEnvelope;
import app.essence.common.events.EventType;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * A legacy import killed with SIGKILL mid-run and run again (docs/legacy-import.md, "Once and only once"), as its own
 * process ({@link ImportProcess}), and what it left in the service's database and on its topic.
 */
public final class KilledImports {
    private KilledImports() {
    }

    /**
     * Runs the import, kills it once {@code watch} reaches {@code firstKill}, runs it again and kills it once the ledger
     * holds {@code moreBeforeSecondKill} more imported rows, then runs it a last time to its end.
     */
    public static Runs killTwiceThenFinish(Function<String, ImportProcess> start, String serviceDatabase,
            LongSupplier watch, long firstKill, long moreBeforeSecondKill) throws SQLException {
        long killedFirst = start.apply("first").killWhen(watch, firstKill, Duration.ofMinutes(3));
        long afterFirst = importedRows(serviceDatabase);
        long killedSecond = start.apply("second").killWhen(watch, afterFirst + moreBeforeSecondKill,
                Duration.ofMinutes(3));
        long afterSecond = importedRows(serviceDatabase);
        ImportProcess last = start.apply("last");
        int exit = last.awaitExit(Duration.ofMinutes(5));
        return new Runs(killedFirst, afterFirst, killedSecond, afterSecond, exit, last.console());
    }

    /** Rows the ledger holds as imported. */
    public static long importedRows(String serviceDatabase) throws SQLException {
        try (Connection db = PostgresResource.connect(serviceDatabase); Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery("select count(*) from legacy_import_rows "
                        + "where status = 'imported'")) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * What a kill watches: the rows the ledger holds as imported (0 before the first run has made the ledger), read
     * in one snapshot with {@code together}, counts (SQL) of what each imported row is committed with, so always as
     * many. A moment when they are not (a ledger row written after its record) is noted in {@code uneven} and answers
     * {@link Long#MAX_VALUE}, so the process is killed right there.
     */
    public static long importedTogetherWith(String serviceDatabase, List<String> uneven, String... together) {
        StringBuilder query = new StringBuilder("select (select count(*) from legacy_import_rows "
                + "where status = 'imported')");
        for (String count : together) {
            query.append(", (").append(count).append(")");
        }
        try (Connection db = PostgresResource.connect(serviceDatabase); Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery(query.toString())) {
            result.next();
            long imported = result.getLong(1);
            for (int i = 0; i < together.length; i++) {
                if (result.getLong(i + 2) != imported) {
                    uneven.add(imported + " imported rows but " + result.getLong(i + 2) + " of " + together[i]);
                    return Long.MAX_VALUE;
                }
            }
            return imported;
        } catch (SQLException e) {
            return 0;
        }
    }

    /** The import's runs, oldest first. */
    public static List<RunSummary> runs(String serviceDatabase) throws SQLException {
        List<RunSummary> runs = new ArrayList<>();
        try (Connection db = PostgresResource.connect(serviceDatabase); Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery("select finished_at is not null, seen_rows, imported, skipped, "
                        + "failed, verified, unverified, (select count(*) from legacy_import_rows l where l.run_id = "
                        + "r.id and l.status = 'imported') from legacy_import_runs r order by started_at")) {
            while (result.next()) {
                runs.add(new RunSummary(result.getBoolean(1), result.getLong(2), result.getLong(3),
                        result.getLong(4), result.getLong(5), result.getLong(6), result.getLong(7),
                        result.getLong(8)));
            }
        }
        return runs;
    }

    /** The outbox's events of {@code type} by key, published or not: their ids. */
    public static Map<String, Set<String>> outboxEvents(String serviceDatabase, EventType type) throws SQLException {
        Map<String, Set<String>> events = new HashMap<>();
        for (String[] event : outbox(serviceDatabase, type, "")) {
            events.computeIfAbsent(event[0], key -> new HashSet<>()).add(event[1]);
        }
        return events;
    }

    /**
     * The events of {@code type} on its topic by key: their ids, read until every event the outbox holds as
     * published is there (the last run may end before its relay publishes its last events).
     */
    public static Map<String, Set<String>> topicEvents(String serviceDatabase, EventType type) throws SQLException {
        Set<String> published = new HashSet<>();
        outbox(serviceDatabase, type, " and published_at is not null").forEach(event -> published.add(event[1]));
        List<ConsumerRecord<String, String>> records = KafkaTestClient.read(type.topic(), Duration.ofSeconds(30),
                read -> read.stream().map(r -> EventCodec.readEnvelope(r.value()).id()).toList()
                        .containsAll(published));
        Map<String, Set<String>> events = new HashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            EventEnvelope envelope = EventCodec.readEnvelope(record.value());
            if (type.typeName().equals(envelope.type())) {
                events.computeIfAbsent(record.key(), key -> new HashSet<>()).add(envelope.id());
            }
        }
        Set<String> onTopic = new HashSet<>();
        events.values().forEach(onTopic::addAll);
        if (!onTopic.containsAll(published)) {
            throw new AssertionError("published events of " + type + " are not on " + type.topic());
        }
        return events;
    }

    private static List<String[]> outbox(String serviceDatabase, EventType type, String condition)
            throws SQLException {
        List<String[]> events = new ArrayList<>();
        try (Connection db = PostgresResource.connect(serviceDatabase); Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery("select event_key, id::text from outbox_events where "
                        + "event_type = '" + type.typeName() + "'" + condition)) {
            while (result.next()) {
                events.add(new String[] {result.getString(1), result.getString(2)});
            }
        }
        return events;
    }

    /** The three runs: how far the kills let the first two get (the watch's reading, the ledger's), the last's end. */
    public record Runs(long killedFirstAt, long committedByFirst, long killedSecondAt, long committedBySecond,
            int lastExit, String lastConsole) {
    }

    /** A run's row in legacy_import_runs, and the rows it imported itself. */
    public record RunSummary(boolean finished, long seen, long imported, long skipped, long failed, long verified,
            long unverified, long importedHere) {
    }
}
