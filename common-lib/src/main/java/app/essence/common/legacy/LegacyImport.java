package app.essence.common.legacy;

import app.essence.common.inbox.TransientFailures;
import app.essence.common.legacy.ImportReport.RowResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs the legacy import of this service's slice (docs/legacy-import.md): every legacy row, in id order, is imported
 * through the slice once and only once (the ledger), and every imported row's stored object is verified against the
 * SHA-256 of the row's decoded base64 on every run. Blocking; run it from the command line's thread.
 */
@ApplicationScoped
public class LegacyImport {
    private static final Logger LOG = Logger.getLogger(LegacyImport.class);
    /**
     * Exit codes: everything imported and verified; stopped (the service's database or storage: run again); done, but
     * rows failed or did not verify; refused; the legacy database could not be reached. Never 3: a JVM that runs out
     * of memory exits with 3 ({@code -XX:+ExitOnOutOfMemoryError}), which is a crash to run again, not an answer.
     */
    public static final int ALL_VERIFIED = 0;
    public static final int STOPPED = 1;
    public static final int NOT_ALL_VERIFIED = 2;
    public static final int REFUSED = 4;
    public static final int LEGACY_UNREACHABLE = 5;
    /** An unfinished run whose heartbeat is older is taken as killed (docs/legacy-import.md, "Dropping"). */
    static final Duration STALE_HEARTBEAT = Duration.ofMinutes(2);
    private static final Duration HEARTBEAT = Duration.ofSeconds(20);

    private final Instance<LegacySlice> slices;
    private final ImportLedger ledger;
    private final LegacyDeletions deletions;
    private final Instance<ImportedObjects> stored;
    private final ImportLock lock;
    private final Duration progressEvery;
    private final Duration socketTimeout;
    private final int pageSize;

    public LegacyImport(Instance<LegacySlice> slices, ImportLedger ledger, LegacyDeletions deletions,
            Instance<ImportedObjects> stored, ImportLock lock, LegacyImportConfig config) {
        this.slices = slices;
        this.ledger = ledger;
        this.deletions = deletions;
        this.stored = stored;
        this.lock = lock;
        this.progressEvery = config.progressEvery();
        this.socketTimeout = config.socketTimeout();
        this.pageSize = config.pageSize();
    }

    /** Runs {@code import-legacy} as its arguments say; answers the process's exit code. */
    public int command(PrintStream out, String... args) {
        ImportCommand command;
        try {
            command = ImportCommand.parse(args);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return REFUSED;
        }
        if (!slices.isResolvable()) {
            out.println("this service has no legacy data to import (clips-service and messages-service have)");
            return REFUSED;
        }
        if (!stored.isResolvable()) {
            out.println("this service has no stored objects to verify imported files against (an ImportedObjects bean, "
                    + "common-storage's StorageImportedObjects)");
            return REFUSED;
        }
        LegacyDatabase database;
        try {
            database = LegacyDatabase.parse(command.from());
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return REFUSED;
        }
        String name = slices.get().name();
        Optional<ImportLock.Held> held;
        try {
            held = lock.tryLock(name);
        } catch (RuntimeException e) {
            LOG.error("the legacy import's lock could not be taken", e);
            out.println("the service's database could not be reached: " + e + "; run it again");
            return STOPPED;
        }
        if (held.isEmpty()) {
            out.println(name + ": another import-legacy of " + name + " (an import or a drop) is running against this "
                    + "service's database; run this one when it has finished");
            return REFUSED;
        }
        try (ImportLock.Held running = held.get(); Connection legacy = database.connect(socketTimeout)) {
            return command.dropColumns() ? dropColumns(database, legacy, out) : run(command, database, legacy, out);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return REFUSED;
        } catch (LegacyUnreachable e) {
            out.println("the legacy database " + database + " could not be read: " + e.getMessage());
            return LEGACY_UNREACHABLE;
        } catch (SQLException e) {
            // Only connecting throws it here: reads during the run throw LegacyUnreachable.
            out.println("the legacy database " + database + " could not be reached: " + e.getMessage());
            return LEGACY_UNREACHABLE;
        } catch (IOException | RuntimeException e) {
            LOG.error("the legacy import stopped", e);
            out.println(command.dropColumns() ? "the columns were not dropped: " + e
                    : "the import stopped: " + e + "; run it again to go on where it stopped");
            return STOPPED;
        }
    }

    /** Imports and verifies every row; answers {@link #ALL_VERIFIED} or {@link #NOT_ALL_VERIFIED}. */
    private int run(ImportCommand command, LegacyDatabase database, Connection rows, PrintStream out)
            throws IOException {
        LegacySlice slice = slices.get();
        String source = database.describe() + " " + slice.table().describe();
        UUID runId = UUID.randomUUID();
        Path reportPath = command.report().orElse(Path.of("legacy-import-" + slice.name() + "-" + runId + ".csv"));
        try (Connection audio = database.connect(socketTimeout); ImportReport report = ImportReport.open(reportPath)) {
            audio.setReadOnly(true);
            deletions.check(audio);
            rows.setReadOnly(true); // each page of rows a short transaction of its own
            long total = count(rows, slice.table());
            ledger.start(runId, source, total, digest(rows, slice.table()));
            out.printf("%s: importing %d rows of %s (run %s)%n", slice.name(), total, source, runId);
            ImportProgress progress = new ImportProgress(slice.name(), total, out, progressEvery);
            ImportTally tally = ImportTally.none();
            long lastBeat = System.nanoTime();
            try (PreparedStatement query = rows.prepareStatement(page(deletions.rowsQuery(slice.rowsQuery())));
                    PreparedStatement audioQuery = audio.prepareStatement(AudioColumnReader.sql(slice.table()))) {
                String after = null;
                for (List<PagedRow> page; !(page = page(query, after)).isEmpty();) {
                    for (PagedRow paged : page) {
                        LegacyRow row = paged.row();
                        RowResult outcome = one(slice, runId, row, () -> AudioColumnReader.of(audioQuery,
                                paged.key()));
                        report.write(row.id(), outcome);
                        tally = tally.with(outcome.status(), outcome.verified());
                        progress.row(tally);
                        if (System.nanoTime() - lastBeat > HEARTBEAT.toNanos()) {
                            ledger.heartbeat(runId);
                            lastBeat = System.nanoTime();
                        }
                    }
                    after = page.get(page.size() - 1).row().id();
                }
            }
            ledger.finish(runId, tally);
            progress.done(tally);
            boolean complete = tally.allVerified(total);
            out.printf("%s: report %s; %s%n", slice.name(), reportPath.toAbsolutePath(), complete
                    ? "every row verified: the legacy audio column may be dropped (--drop-columns)"
                    : "not every row is in and verified: see the report's failed and unverified rows");
            return complete ? ALL_VERIFIED : NOT_ALL_VERIFIED;
        } catch (SQLException e) {
            throw new LegacyUnreachable(e);
        }
    }

    /**
     * Drops the legacy audio column, only if the newest run, finished or not, read this same table, finished, saw as
     * many rows as it holds now and verified every one of them, and no other run is going on; and the table holds the
     * very rows that run covered, checked under a lock that no write passes until the column is gone.
     */
    private int dropColumns(LegacyDatabase database, Connection connection, PrintStream out) {
        LegacySlice slice = slices.get();
        String source = database.describe() + " " + slice.table().describe();
        try {
            connection.setAutoCommit(false);
            try (Statement lock = connection.createStatement()) {
                lock.execute("lock table " + slice.table().quotedTable() + " in access exclusive mode");
            }
            List<String> refusals = new ArrayList<>();
            Optional<ImportLedger.Run> newest = ledger.newest(STALE_HEARTBEAT);
            long now = count(connection, slice.table());
            if (newest.isEmpty()) {
                refusals.add("no import has run yet");
            } else {
                ImportLedger.Run run = newest.get();
                if (!run.finished()) {
                    refusals.add("the newest run (" + run.id() + ") has not finished: " + (run.alive()
                            ? "it is running" : "it was stopped; run the import again"));
                }
                if (!run.source().equals(source)) {
                    refusals.add("the newest run read " + run.source() + ", not " + source);
                }
                if (run.finished() && run.totalRows() != now) {
                    refusals.add("the newest run saw " + run.totalRows() + " rows; the table holds " + now + " now");
                }
                if (run.finished() && !run.tally().allVerified(run.totalRows())) {
                    refusals.add("the newest run (" + run.id() + ") did not verify every row: " + run.tally());
                }
                if (refusals.isEmpty() && !digest(connection, slice.table()).equals(run.rowsDigest())) {
                    refusals.add("the table's rows are not the ones the newest run (" + run.id() + ") imported and "
                            + "verified (a row's id or audio changed since): run the import again");
                }
            }
            for (ImportLedger.Run running : ledger.running(STALE_HEARTBEAT)) {
                if (newest.isEmpty() || !running.id().equals(newest.get().id())) {
                    refusals.add("run " + running.id() + " is running");
                }
            }
            if (!refusals.isEmpty()) {
                connection.rollback();
                out.printf("%s: refusing to drop %s: %s%n", slice.name(), slice.table().describe(),
                        String.join("; ", refusals));
                return REFUSED;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("alter table " + slice.table().quotedTable() + " drop column "
                        + slice.table().quotedAudio());
            }
            connection.commit();
            out.printf("%s: dropped %s (run %s verified all %d rows)%n", slice.name(), slice.table().describe(),
                    newest.get().id(), now);
            return ALL_VERIFIED;
        } catch (SQLException e) {
            throw new LegacyUnreachable(e);
        }
    }

    private RowResult one(LegacySlice slice, UUID runId, LegacyRow row, AudioColumn column) {
        try {
            if (row.number("copies") > 1) {
                return notImported(runId, row, RowOutcome.failed("duplicate-id", row.number("copies")
                        + " legacy rows have the id " + row.id() + ": none is imported"));
            }
            Optional<ImportLedger.Entry> entry = ledger.find(row.id());
            if (entry.isPresent() && entry.get().imported()) {
                return verifyImported(slice, runId, row, entry.get(), column);
            }
            Optional<RowOutcome.NotImported> deleted = deletions.deleted(row);
            if (deleted.isPresent()) {
                return notImported(runId, row, deleted.get());
            }
            try (LegacyAudio audio = LegacyAudio.decode(column.read(), slice.maxAudioBytes())) {
                RowOutcome.Imported imported = slice.importRow(row, audio,
                        in -> ledger.imported(row.id(), row.uuid("user_id"), runId, audio.sha256(), in));
                String error = verify(imported.storagePath(), audio.sha256());
                ledger.verified(row.id(), runId, error, null);
                return new RowResult("imported", null, error == null, imported.storagePath(), audio.sha256(),
                        error);
            }
        } catch (RowRefused e) {
            return notImported(runId, row, e.outcome());
        } catch (LegacyUnreachable e) {
            throw e;
        } catch (RuntimeException e) {
            if (isOutage(e)) {
                // Storage or the service's database is down: every row after it would fail alike. The run stops
                // (exit 1, the Job tries again) and the row stays as it was, for the next run.
                throw e;
            }
            // This row's own failure in the service (a constraint, a bug): the next run tries it again.
            LOG.warnf(e, "legacy row %s was not imported", row.id());
            return notImported(runId, row, RowOutcome.failed("error", e.toString()));
        }
    }

    /**
     * Verifies a row an earlier run imported against what the import stored (the ledger's path and SHA-256). A record
     * the user has changed since (a clip recorded again, a message deleted) holds the user's own audio: it is
     * verified as superseded, never a failure, and its old object is not looked for.
     */
    private RowResult verifyImported(LegacySlice slice, UUID runId, LegacyRow row, ImportLedger.Entry done,
            AudioColumn column) {
        // An erasure forgot the target (ImportLedger.forget): the record is gone with the account.
        Optional<String> current = done.targetId() == null ? Optional.empty()
                : slice.currentAudioPath(done.targetId());
        if (current.isEmpty() || !current.get().equals(done.storagePath())) {
            String note = "superseded: " + (current.isEmpty() ? "the user deleted it since the import"
                    : "the user replaced its audio since the import");
            ledger.verified(row.id(), runId, null, note);
            return new RowResult("imported", "already-imported", true, done.storagePath(), done.sha256(), note);
        }
        String error;
        try {
            String legacySha = LegacyAudio.sha256Of(column.read(), slice.maxAudioBytes());
            error = legacySha.equals(done.sha256()) ? verify(done.storagePath(), done.sha256())
                    : "the legacy row changed since it was imported";
        } catch (RowRefused e) {
            error = "the legacy row no longer decodes: " + e.getMessage();
        }
        ledger.verified(row.id(), runId, error, null);
        return new RowResult("imported", "already-imported", error == null, done.storagePath(), done.sha256(),
                error);
    }

    private RowResult notImported(UUID runId, LegacyRow row, RowOutcome.NotImported outcome) {
        ledger.notImported(row.id(), userIdOf(row), runId, outcome);
        // A concurrent run may have imported it: the ledger keeps "imported", and so does the report.
        Optional<ImportLedger.Entry> now = ledger.find(row.id());
        if (now.isPresent() && now.get().imported()) {
            return new RowResult("imported", "already-imported", null, now.get().storagePath(), now.get().sha256(),
                    "imported by another run; the next run verifies it");
        }
        return new RowResult(outcome.status(), outcome.reason(), null, null, null, outcome.detail());
    }

    /** The row's user, or null when it names none that reads as one (the outcome says why). */
    private static UUID userIdOf(LegacyRow row) {
        try {
            return row.uuid("user_id");
        } catch (RowRefused e) {
            return null;
        }
    }

    /**
     * Whether {@code failure} is storage's or the service's database's outage, not the row's: an I/O failure
     * (storage, or a connection refused), or the database's outage as the inbox tells it.
     */
    static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return TransientFailures.isTransient(failure);
    }

    /** Null when the stored object's SHA-256 is {@code sha256}; else what is wrong. */
    private String verify(String path, String sha256) {
        try {
            Optional<InputStream> object = stored.get().open(path);
            if (object.isEmpty()) {
                return "no stored object at " + path;
            }
            MessageDigest digest = LegacyAudio.digest();
            try (InputStream in = object.get()) {
                byte[] buffer = new byte[64 * 1024];
                for (int n; (n = in.read(buffer)) > 0;) {
                    digest.update(buffer, 0, n);
                }
            }
            String found = HexFormat.of().formatHex(digest.digest());
            return found.equals(sha256) ? null : "the stored object's SHA-256 is " + found + ", not " + sha256;
        } catch (IOException | UncheckedIOException e) {
            return "the stored object could not be read: " + e.getMessage();
        }
    }

    private static long count(Connection connection, LegacyTable table) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select count(*) from " + table.quotedTable())) {
            result.next();
            return result.getLong(1);
        }
    }

    /**
     * Which rows the table holds: their number and the sum of a 64-bit hash of each row's id and its audio's md5,
     * the same whatever order the rows are read in. Reads every row's audio.
     */
    private static String digest(Connection connection, LegacyTable table) throws SQLException {
        String row = "md5(" + table.quotedId() + "::text || ':' || coalesce(md5(" + table.quotedAudio()
                + "::text), '-'))";
        // It answers only once it has read every row's audio, which may take longer than a read may wait: the wait
        // is lifted for it alone, and TCP keepalive still ends a connection whose peer is gone.
        int timeout = connection.getNetworkTimeout();
        connection.setNetworkTimeout(Runnable::run, 0);
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("select count(*) || ':' || coalesce(sum(('x' || substr("
                        + row + ", 1, 16))::bit(64)::bigint), 0) from " + table.quotedTable())) {
            result.next();
            return result.getString(1);
        } finally {
            connection.setNetworkTimeout(Runnable::run, timeout);
        }
    }

    /**
     * The rows after {@code after} in {@code legacy_id} order, the next {@link #pageSize} ids of them with every
     * row of those ids (a page never splits rows that share an id): one short statement each, so no transaction
     * stays open for the whole run for a server's timeout to end. Which rows are done is the ledger's to say.
     */
    private static String page(String rows) {
        String after = "(cast(? as text) is null or %s.legacy_id > cast(? as text))";
        return "select * from (" + rows + ") p where " + after.formatted("p") + " and p.legacy_id <= coalesce("
                + "(select b.legacy_id from (" + rows + ") b where " + after.formatted("b")
                + " order by b.legacy_id offset ? limit 1), p.legacy_id) order by p.legacy_id";
    }

    private List<PagedRow> page(PreparedStatement query, String after) {
        try {
            for (int i = 1; i <= 4; i++) {
                query.setString(i, after);
            }
            query.setInt(5, pageSize - 1);
            List<PagedRow> page = new ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (next(result)) {
                    page.add(new PagedRow(row(result), key(result)));
                }
            }
            return page;
        } catch (SQLException e) {
            throw new LegacyUnreachable(e);
        }
    }

    /** A row of a page and its key as the table holds it (what its audio is read by). */
    private record PagedRow(LegacyRow row, Object key) {
    }

    private static boolean next(ResultSet result) {
        try {
            return result.next();
        } catch (SQLException e) {
            throw new LegacyUnreachable(e);
        }
    }

    private static Object key(ResultSet result) {
        try {
            return result.getObject("legacy_key");
        } catch (SQLException e) {
            throw new LegacyUnreachable(e);
        }
    }

    private static LegacyRow row(ResultSet result) {
        try {
            ResultSetMetaData meta = result.getMetaData();
            Map<String, Object> values = new HashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
                values.put(meta.getColumnLabel(i), result.getObject(i));
            }
            return new LegacyRow(result.getString("legacy_id"), values);
        } catch (SQLException e) {
            throw new LegacyUnreachable(e);
        }
    }

    /** The row's base64, read only when needed and then a slice at a time; null when the column is null. */
    @FunctionalInterface
    private interface AudioColumn {
        Reader read();
    }
}
