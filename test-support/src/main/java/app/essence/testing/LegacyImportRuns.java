package app.essence.testing;

import app.essence.common.legacy.LegacyImport;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Runs a service's legacy import (docs/legacy-import.md) as {@code import-legacy} would, and reads what it left: the
 * service's ledger, the legacy table's columns. The legacy database itself is one a test builds with
 * {@link PostgresResource#freshDatabase}.
 */
public final class LegacyImportRuns {
    /** The product's own profiles and users, soft-deleted with a deletedAt (the mapping's defaults). */
    public static final String PROFILES = "create table profiles (\"id\" uuid primary key, "
            + "\"deletedAt\" timestamptz)";
    public static final String USERS = "create table users (\"id\" uuid primary key, \"deletedAt\" timestamptz)";

    private LegacyImportRuns() {
    }

    /** {@code import-legacy --from legacyUrl options…}, with a report file under target/ unless one is given. */
    public static Run run(LegacyImport importer, String legacyUrl, String... options) {
        List<String> args = new ArrayList<>(List.of("import-legacy", "--from", legacyUrl));
        args.addAll(Arrays.asList(options));
        if (!args.contains("--report")) {
            args.addAll(List.of("--report", "target/legacy-import-" + UUID.randomUUID() + ".csv"));
        }
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        int code = importer.command(new PrintStream(console, true, StandardCharsets.UTF_8), args.toArray(String[]::new));
        return new Run(code, console.toString(StandardCharsets.UTF_8));
    }

    /** The service's ledger, by legacy row id. */
    public static Map<String, LedgerRow> ledger(String serviceDatabase) throws SQLException {
        Map<String, LedgerRow> rows = new HashMap<>();
        try (Connection db = PostgresResource.connect(serviceDatabase); Statement sql = db.createStatement();
                ResultSet result = sql.executeQuery("select legacy_id, status, reason, storage_path, "
                        + "verified_at is not null, sha256, verify_error from legacy_import_rows")) {
            while (result.next()) {
                rows.put(result.getString(1), new LedgerRow(result.getString(2), result.getString(3),
                        result.getString(4), result.getBoolean(5), result.getString(6), result.getString(7)));
            }
        }
        return rows;
    }

    /**
     * Makes the ledger's commit of {@code legacyId} as imported fail, after the row's audio is stored and its record
     * and event written: the transaction holding them never commits, as if the process died there.
     */
    public static void crashOnImportOf(String serviceDatabase, Object legacyId) throws SQLException {
        try (Connection db = PostgresResource.connect(serviceDatabase); Statement sql = db.createStatement()) {
            sql.execute("create or replace function crash_legacy_import() returns trigger language plpgsql as $$ "
                    + "begin if new.status = 'imported' and new.legacy_id = '" + legacyId + "' then "
                    + "raise exception 'simulated crash'; end if; return new; end $$");
            sql.execute("create trigger crash_legacy_import before insert or update on legacy_import_rows "
                    + "for each row execute function crash_legacy_import()");
        }
    }

    public static void noMoreCrashes(String serviceDatabase) throws SQLException {
        try (Connection db = PostgresResource.connect(serviceDatabase); Statement sql = db.createStatement()) {
            sql.execute("drop trigger if exists crash_legacy_import on legacy_import_rows");
        }
    }

    public static boolean hasColumn(String legacyUrl, String table, String column) throws SQLException {
        try (Connection db = PostgresResource.connect(legacyUrl.substring(legacyUrl.lastIndexOf('/') + 1));
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

    /** What a run printed and its exit code ({@link LegacyImport#ALL_VERIFIED} and the others). */
    public record Run(int exitCode, String console) {
    }

    /** One ledger row. */
    public record LedgerRow(String status, String reason, String storagePath, boolean verified, String sha256,
            String verifyError) {
    }
}
