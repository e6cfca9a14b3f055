package app.essence.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.legacy.LegacyImport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A legacy database a test builds ({@code url}), in the mapping's default shape, and the service's legacy import
 * (docs/legacy-import.md) that reads it into {@code serviceDatabase}: runs it as {@code import-legacy} would and reads
 * what it left, the service's ledger and the legacy table's columns.
 */
public record LegacyImportRuns(LegacyImport importer, String serviceDatabase, String url) {
    /** The product's own profiles and users, soft-deleted with a deletedAt (the mapping's defaults). */
    private static final String PROFILES = "create table profiles (\"id\" uuid primary key, "
            + "\"deletedAt\" timestamptz)";
    private static final String USERS = "create table users (\"id\" uuid primary key, \"deletedAt\" timestamptz)";

    /**
     * A new legacy database {@code name} holding the slice's table ({@code table}, its DDL) and the product's
     * profiles and users, imported by {@code importer} into the service's database {@code serviceDatabase}.
     */
    public static LegacyImportRuns fresh(LegacyImport importer, String serviceDatabase, String name, String table)
            throws SQLException {
        return new LegacyImportRuns(importer, serviceDatabase,
                PostgresResource.freshDatabase(name, table, PROFILES, USERS));
    }

    /** {@code import-legacy --from url options…}, with a report file under target/ unless one is given. */
    public Run run(String... options) {
        List<String> args = new ArrayList<>(List.of("import-legacy", "--from", url));
        args.addAll(Arrays.asList(options));
        if (!args.contains("--report")) {
            args.addAll(List.of("--report", "target/legacy-import-" + UUID.randomUUID() + ".csv"));
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code = importer.command(new PrintStream(console, true, StandardCharsets.UTF_8),
                args.toArray(String[]::new));
        return new Run(code, console.toString(StandardCharsets.UTF_8));
    }

    /**
     * Runs the import, which must import and verify every row, {@code legacyId} among them ({@link
     * LegacyImport#ALL_VERIFIED}); answers that row's ledger entry.
     */
    public LedgerRow importedAndVerified(Object legacyId) throws SQLException {
        Run run = run();
        assertEquals(LegacyImport.ALL_VERIFIED, run.exitCode(), run.console());
        return ledger().assertImportedAndVerified(legacyId);
    }

    /**
     * Inserts a legacy row whose id is a new UUID, the statement's first parameter, and {@code values} the others;
     * answers the id.
     */
    public UUID insert(String insert, Object... values) throws SQLException {
        UUID id = UUID.randomUUID();
        try (Connection db = legacy(); PreparedStatement statement = db.prepareStatement(insert)) {
            statement.setObject(1, id);
            for (int i = 0; i < values.length; i++) {
                Object value = values[i] instanceof Instant at ? Timestamp.from(at) : values[i];
                statement.setObject(i + 2, value);
            }
            statement.executeUpdate();
        }
        return id;
    }

    /** Runs {@code statement} on the legacy database. */
    public void sql(String statement) throws SQLException {
        try (Connection db = legacy(); Statement sql = db.createStatement()) {
            sql.execute(statement);
        }
    }

    public boolean hasColumn(String table, String column) throws SQLException {
        try (Connection db = legacy();
                PreparedStatement query = db.prepareStatement("select count(*) from information_schema.columns "
                        + "where table_name = ? and column_name = ?")) {
            query.setString(1, table);
            query.setString(2, column);
            try (ResultSet found = query.executeQuery()) {
                found.next();
                return found.getInt(1) == 1;
            }
        }
    }

    /** The service's ledger, by legacy row id. */
    public Ledger ledger() throws SQLException {
        Map<String, LedgerRow> rows = new HashMap<>();
        try (Connection db = PostgresResource.connect(serviceDatabase); Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery("select legacy_id, status, reason, storage_path, "
                        + "verified_at is not null, sha256, verify_error from legacy_import_rows")) {
            while (result.next()) {
                rows.put(result.getString(1), new LedgerRow(result.getString(2), result.getString(3),
                        result.getString(4), result.getBoolean(5), result.getString(6), result.getString(7)));
            }
        }
        return new Ledger(rows);
    }

    /**
     * Makes the ledger's commit of {@code legacyId} as imported fail, after the row's audio is stored and its record
     * and event written: the transaction holding them never commits, as if the process died there.
     */
    public void crashOnImportOf(Object legacyId) throws SQLException {
        try (Connection db = PostgresResource.connect(serviceDatabase); Statement sql = db.createStatement()) {
            sql.execute("create or replace function crash_legacy_import() returns trigger language plpgsql as $$ "
                    + "begin if new.status = 'imported' and new.legacy_id = '" + legacyId + "' then "
                    + "raise exception 'simulated crash'; end if; return new; end $$");
            sql.execute("create trigger crash_legacy_import before insert or update on legacy_import_rows "
                    + "for each row execute function crash_legacy_import()");
        }
    }

    public void noMoreCrashes() throws SQLException {
        try (Connection db = PostgresResource.connect(serviceDatabase); Statement sql = db.createStatement()) {
            sql.execute("drop trigger if exists crash_legacy_import on legacy_import_rows");
        }
    }

    /** What a legacy audio column holds. */
    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private Connection legacy() throws SQLException {
        return PostgresResource.connect(url.substring(url.lastIndexOf('/') + 1));
    }

    /** What a run printed and its exit code ({@link LegacyImport#ALL_VERIFIED} and the others). */
    public record Run(int exitCode, String console) {
    }

    /** The service's ledger as a run left it, by legacy row id. */
    public record Ledger(Map<String, LedgerRow> rows) {
        public LedgerRow get(Object legacyId) {
            return rows.get(legacyId.toString());
        }

        /** The ledger holds {@code legacyId} with this status and reason (null: none). */
        public void assertOutcome(Object legacyId, String status, String reason) {
            LedgerRow entry = get(legacyId);
            assertNotNull(entry, "the ledger holds row " + legacyId);
            assertEquals(status, entry.status(), entry.toString());
            assertEquals(reason, entry.reason(), entry.toString());
        }

        /** The ledger holds {@code legacyId} as imported and verified, with no verification error; answers it. */
        public LedgerRow assertImportedAndVerified(Object legacyId) {
            assertOutcome(legacyId, "imported", null);
            LedgerRow entry = get(legacyId);
            assertTrue(entry.verified(), entry.toString());
            assertNull(entry.verifyError(), entry.toString());
            return entry;
        }
    }

    /** One ledger row. */
    public record LedgerRow(String status, String reason, String storagePath, boolean verified, String sha256,
            String verifyError) {
    }
}
