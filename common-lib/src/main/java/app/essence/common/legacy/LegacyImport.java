package app.essence.common.legacy;

import app.essence.common.legacy.ImportReport.RowResult;
import app.essence.common.storage.ByteRange;
import app.essence.common.storage.StorageClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Runs the legacy import of this service's slice (docs/legacy-import.md): every legacy row, in id order, is imported
 * through the slice once and only once (the ledger), and every imported row's stored object is verified against the
 * SHA-256 of the row's decoded base64 on every run. Blocking; run it from the command line's thread.
 */
@ApplicationScoped
public class LegacyImport {
    private static final Logger LOG = Logger.getLogger(LegacyImport.class);
    /** Exit codes: everything imported and verified; done, but rows failed or did not verify; refused. */
    public static final int ALL_VERIFIED = 0;
    public static final int NOT_ALL_VERIFIED = 2;
    public static final int REFUSED = 3;
    private static final int FETCH_SIZE = 500;

    private final Instance<LegacySlice> slices;
    private final ImportLedger ledger;
    private final StorageClient storage;
    private final Duration progressEvery;

    public LegacyImport(Instance<LegacySlice> slices, ImportLedger ledger, StorageClient storage,
            @ConfigProperty(name = "essence.legacy-import.progress-every", defaultValue = "5s") Duration progressEvery) {
        this.slices = slices;
        this.ledger = ledger;
        this.storage = storage;
        this.progressEvery = progressEvery;
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
        if (slices.isUnsatisfied()) {
            out.println("this service has no legacy data to import (clips-service and messages-service have)");
            return REFUSED;
        }
        try {
            return command.dropColumns() ? dropColumns(command, out) : run(command, out);
        } catch (IllegalArgumentException e) {
            out.println(e.getMessage());
            return REFUSED;
        } catch (SQLException | IOException e) {
            out.println(command.dropColumns() ? "the columns were not dropped: " + e.getMessage()
                    : "the import stopped: " + e.getMessage() + "; run it again to go on where it stopped");
            return 1;
        }
    }

    /** Imports and verifies every row; answers {@link #ALL_VERIFIED} or {@link #NOT_ALL_VERIFIED}. */
    public int run(ImportCommand command, PrintStream out) throws SQLException, IOException {
        LegacySlice slice = slices.get();
        LegacyDatabase database = LegacyDatabase.parse(command.from());
        String source = database.describe() + " " + slice.table().describe();
        UUID runId = UUID.randomUUID();
        Path reportPath = command.report().orElse(Path.of("legacy-import-" + slice.name() + "-" + runId + ".csv"));
        try (Connection rows = database.connect(); Connection audio = database.connect();
                ImportReport report = ImportReport.open(reportPath)) {
            rows.setReadOnly(true);
            rows.setAutoCommit(false); // a cursor: rows arrive FETCH_SIZE at a time
            audio.setReadOnly(true);
            long total = count(rows, slice.table());
            ledger.start(runId, source, total);
            out.printf("%s: importing %d rows of %s (run %s)%n", slice.name(), total, source, runId);
            ImportProgress progress = new ImportProgress(slice.name(), total, out, progressEvery);
            ImportTally tally = ImportTally.none();
            try (PreparedStatement query = rows.prepareStatement(slice.rowsQuery());
                    PreparedStatement audioQuery = audio.prepareStatement("select " + slice.table().quotedAudio()
                            + "::text from " + slice.table().quotedTable() + " where " + slice.table().quotedId()
                            + " = ?")) {
                query.setFetchSize(FETCH_SIZE);
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        LegacyRow row = row(result);
                        RowResult outcome = one(slice, runId, row, () -> audioOf(audioQuery, result));
                        report.write(row.id(), outcome);
                        tally = tally.with(outcome.status(), outcome.verified());
                        progress.row(tally);
                    }
                }
            }
            ledger.finish(runId, tally);
            progress.done(tally);
            boolean complete = tally.allVerified(total);
            out.printf("%s: report %s; %s%n", slice.name(), reportPath.toAbsolutePath(), complete
                    ? "every row verified: the legacy audio column may be dropped (--drop-columns)"
                    : "not every row is in and verified: see the report's failed and unverified rows");
            return complete ? ALL_VERIFIED : NOT_ALL_VERIFIED;
        }
    }

    /**
     * Drops the legacy audio column, only if the last finished run read this same table, saw as many rows as it holds
     * now, and verified every one of them.
     */
    public int dropColumns(ImportCommand command, PrintStream out) throws SQLException {
        LegacySlice slice = slices.get();
        LegacyDatabase database = LegacyDatabase.parse(command.from());
        String source = database.describe() + " " + slice.table().describe();
        try (Connection connection = database.connect()) {
            List<String> refusals = new ArrayList<>();
            Optional<ImportLedger.Run> last = ledger.lastFinished();
            long now = count(connection, slice.table());
            if (last.isEmpty()) {
                refusals.add("no import has finished yet");
            } else {
                ImportLedger.Run run = last.get();
                if (!run.source().equals(source)) {
                    refusals.add("the last run read " + run.source() + ", not " + source);
                }
                if (run.totalRows() != now) {
                    refusals.add("the last run saw " + run.totalRows() + " rows; the table holds " + now + " now");
                }
                if (!run.tally().allVerified(run.totalRows())) {
                    refusals.add("the last run (" + run.id() + ") did not verify every row: " + run.tally());
                }
            }
            if (!refusals.isEmpty()) {
                out.printf("%s: refusing to drop %s: %s%n", slice.name(), slice.table().describe(),
                        String.join("; ", refusals));
                return REFUSED;
            }
            try (Statement statement = connection.createStatement()) {
                statement.execute("alter table " + slice.table().quotedTable() + " drop column "
                        + slice.table().quotedAudio());
            }
            out.printf("%s: dropped %s (run %s verified all %d rows)%n", slice.name(), slice.table().describe(),
                    last.get().id(), now);
            return ALL_VERIFIED;
        }
    }

    private RowResult one(LegacySlice slice, UUID runId, LegacyRow row, AudioColumn column) {
        Optional<ImportLedger.Entry> entry = ledger.find(row.id());
        if (entry.isPresent() && entry.get().imported()) {
            ImportLedger.Entry done = entry.get();
            String error;
            try {
                LegacyAudio audio = LegacyAudio.decode(column.read());
                error = audio.sha256().equals(done.sha256()) ? verify(done.storagePath(), done.sha256())
                        : "the legacy row changed since it was imported";
            } catch (RowRefused e) {
                error = "the legacy row no longer decodes: " + e.getMessage();
            }
            ledger.verified(row.id(), runId, error);
            return new RowResult("imported", "already-imported", error == null, done.storagePath(), done.sha256(),
                    error);
        }
        try {
            LegacyAudio audio = LegacyAudio.decode(column.read());
            RowOutcome.Imported imported = slice.importRow(row, audio,
                    in -> ledger.imported(row.id(), runId, audio.sha256(), in));
            String error = verify(imported.storagePath(), audio.sha256());
            ledger.verified(row.id(), runId, error);
            return new RowResult("imported", null, error == null, imported.storagePath(), audio.sha256(), error);
        } catch (RowRefused e) {
            return notImported(runId, row, e.outcome());
        } catch (RuntimeException e) {
            // Storage or the service's own database: the row is tried again by the next run.
            LOG.warnf(e, "legacy row %s was not imported", row.id());
            return notImported(runId, row, RowOutcome.failed("error", e.toString()));
        }
    }

    private RowResult notImported(UUID runId, LegacyRow row, RowOutcome.NotImported outcome) {
        ledger.notImported(row.id(), runId, outcome);
        // A concurrent run may have imported it: the ledger keeps "imported", and so does the report.
        Optional<ImportLedger.Entry> now = ledger.find(row.id());
        if (now.isPresent() && now.get().imported()) {
            return new RowResult("imported", "already-imported", null, now.get().storagePath(), now.get().sha256(),
                    "imported by another run; the next run verifies it");
        }
        return new RowResult(outcome.status(), outcome.reason(), null, null, null, outcome.detail());
    }

    /** Null when the stored object's SHA-256 is {@code sha256}; else what is wrong. */
    private String verify(String path, String sha256) {
        try {
            Optional<StorageClient.StoredObject> stored = storage.stat(path);
            if (stored.isEmpty()) {
                return "no stored object at " + path;
            }
            MessageDigest digest = LegacyAudio.digest();
            try (InputStream in = storage.get(path, ByteRange.whole(stored.get().sizeBytes()))) {
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

    private static LegacyRow row(ResultSet result) throws SQLException {
        ResultSetMetaData meta = result.getMetaData();
        Map<String, Object> values = new HashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            values.put(meta.getColumnLabel(i), result.getObject(i));
        }
        return new LegacyRow(result.getString("legacy_id"), values);
    }

    private static String audioOf(PreparedStatement audioQuery, ResultSet rows) {
        try {
            audioQuery.setObject(1, rows.getObject("legacy_key"));
            try (ResultSet result = audioQuery.executeQuery()) {
                return result.next() ? result.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("reading the row's audio failed: " + e.getMessage(), e);
        }
    }

    /** The row's base64, read only when needed. */
    @FunctionalInterface
    private interface AudioColumn {
        String read();
    }
}
