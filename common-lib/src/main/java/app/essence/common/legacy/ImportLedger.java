package app.essence.common.legacy;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.reactive.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The import's ledger and reports in the service's own database (db/legacy-import). A row once imported stays
 * imported: later runs only verify it.
 */
@ApplicationScoped
public class ImportLedger {
    private static final String IMPORTED = "insert into legacy_import_rows "
            + "(legacy_id, status, target_id, storage_path, size_bytes, sha256, run_id, user_id) "
            + "values (:id, 'imported', :target, :path, :size, :sha, :run, :user) on conflict (legacy_id) do update "
            + "set status = 'imported', reason = null, detail = null, target_id = excluded.target_id, "
            + "user_id = excluded.user_id, "
            + "storage_path = excluded.storage_path, size_bytes = excluded.size_bytes, sha256 = excluded.sha256, "
            + "run_id = excluded.run_id, updated_at = now() where legacy_import_rows.status <> 'imported'";
    /** A row of a user erased here keeps neither the user's id nor the detail, which may quote their ids. */
    private static final String NOT_IMPORTED = "insert into legacy_import_rows (legacy_id, status, reason, detail, "
            + "run_id, user_id) values (:id, :status, :reason, case when exists (select 1 from erased_users "
            + "where user_id = cast(:user as uuid)) then null else cast(:detail as text) end, :run, "
            + "case when exists (select 1 from erased_users where user_id = cast(:user as uuid)) then null "
            + "else cast(:user as uuid) end) on conflict (legacy_id) do update "
            + "set status = excluded.status, reason = excluded.reason, detail = excluded.detail, "
            + "user_id = excluded.user_id, "
            + "run_id = excluded.run_id, updated_at = now() where legacy_import_rows.status <> 'imported'";
    /**
     * An erased user's rows keep only what stops a later run from importing them again: the legacy id, the status,
     * the reason and the run (docs/erasure.md, "What stays, and where").
     */
    private static final String FORGET = "update legacy_import_rows set user_id = null, target_id = null, "
            + "storage_path = null, sha256 = null, detail = null, verify_error = null, updated_at = now() "
            + "where user_id = :user";
    private static final String FIND = "select status, target_id::text, storage_path, sha256 "
            + "from legacy_import_rows where legacy_id = :id";
    private static final String VERIFIED = "update legacy_import_rows set verified_at = now(), verified_by = :run, "
            + "verify_error = :error, verify_note = :note where legacy_id = :id";
    private static final String START = "insert into legacy_import_runs (id, source, total_rows, rows_digest, "
            + "heartbeat_at) values (:id, :source, :total, :digest, now())";
    private static final String HEARTBEAT = "update legacy_import_runs set heartbeat_at = now() where id = :id";
    private static final String FINISH = "update legacy_import_runs set finished_at = now(), seen_rows = :seen, "
            + "imported = :imported, skipped = :skipped, failed = :failed, verified = :verified, "
            + "unverified = :unverified, heartbeat_at = now() where id = :id";
    private static final String RUNS = "select id::text, source, total_rows, seen_rows, imported, skipped, failed, "
            + "verified, unverified, finished_at::text, "
            + "heartbeat_at > now() - cast(:stale as float8) * interval '1 second', rows_digest from legacy_import_runs ";
    private static final String NEWEST = RUNS + "order by started_at desc, id limit 1";
    private static final String RUNNING = RUNS + "where finished_at is null "
            + "and heartbeat_at > now() - cast(:stale as float8) * interval '1 second' order by started_at";

    /** Records {@code userId}'s row as imported; call inside the transaction that records its clip or message. */
    public Uni<Void> imported(String legacyId, UUID userId, UUID runId, String sha256, RowOutcome.Imported imported) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(IMPORTED)
                .setParameter("id", legacyId).setParameter("user", userId).setParameter("target", imported.targetId())
                .setParameter("path", imported.storagePath()).setParameter("size", imported.sizeBytes())
                .setParameter("sha", sha256).setParameter("run", runId).executeUpdate())
                .invoke(updated -> {
                    if (updated != 1) {
                        // Another run imported it meanwhile: this one's record rolls back with it.
                        throw new RowRefused(RowOutcome.skipped("already-imported", "imported by another run"));
                    }
                })
                .replaceWithVoid();
    }

    /** {@code userId} null when the row names no user the import could read. */
    public void notImported(String legacyId, UUID userId, UUID runId, RowOutcome.NotImported outcome) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(NOT_IMPORTED).setParameter("id", legacyId).setParameter("user", userId)
                .setParameter("status", outcome.status())
                .setParameter("reason", outcome.reason()).setParameter("detail", text(outcome.detail()))
                .setParameter("run", runId).executeUpdate())));
    }

    /**
     * Forgets what ties {@code userId}'s rows to them and to their audio (an account erasure); call inside the
     * transaction that completes the erasure. Answers how many rows it changed.
     */
    public Uni<Integer> forget(UUID userId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(FORGET)
                .setParameter("user", userId).executeUpdate());
    }

    /** PostgreSQL's text holds no NUL, which a driver's or a decoder's message may quote. */
    private static String text(String value) {
        return value == null ? null : value.replace('\u0000', '?');
    }

    public Optional<Entry> find(String legacyId) {
        List<Object[]> rows = await(() -> Panache.withSession(() -> Panache.getSession().flatMap(session ->
                NativeSelects.create(session, FIND, Object[].class).setParameter("id", legacyId).getResultList())));
        return rows.stream().findFirst().map(r -> new Entry((String) r[0],
                r[1] == null ? null : UUID.fromString((String) r[1]), (String) r[2], (String) r[3]));
    }

    /**
     * Records what verifying an imported row found: {@code error} null when it is verified, {@code note} why it
     * counts as verified without its object being read (its record holds the user's own audio since).
     */
    public void verified(String legacyId, UUID runId, String error, String note) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(VERIFIED).setParameter("id", legacyId).setParameter("run", runId)
                .setParameter("error", text(error)).setParameter("note", note).executeUpdate())));
    }

    /** Says the run is alive: a run whose heartbeat stopped (killed) no longer counts as in progress. */
    public void heartbeat(UUID runId) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(HEARTBEAT).setParameter("id", runId).executeUpdate())));
    }

    /** {@code digest}: which rows the run covers, as {@link LegacyImport} computes it; the drop compares it. */
    public void start(UUID runId, String source, long total, String digest) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(START).setParameter("id", runId).setParameter("source", source)
                .setParameter("total", total).setParameter("digest", digest).executeUpdate())));
    }

    public void finish(UUID runId, ImportTally tally) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(FINISH).setParameter("id", runId).setParameter("seen", tally.seen())
                .setParameter("imported", tally.imported()).setParameter("skipped", tally.skipped())
                .setParameter("failed", tally.failed()).setParameter("verified", tally.verified())
                .setParameter("unverified", tally.unverified()).executeUpdate())));
    }

    /** The run that started last, finished or not. */
    public Optional<Run> newest(Duration stale) {
        return runs(NEWEST, stale).stream().findFirst();
    }

    /** The runs not finished whose heartbeat is younger than {@code stale}: running now. */
    public List<Run> running(Duration stale) {
        return runs(RUNNING, stale);
    }

    private List<Run> runs(String sql, Duration stale) {
        List<Object[]> rows = await(() -> Panache.withSession(() -> Panache.getSession().flatMap(session ->
                NativeSelects.create(session, sql, Object[].class).setParameter("stale", (double) stale.toSeconds())
                .getResultList())));
        return rows.stream().map(r -> new Run(UUID.fromString((String) r[0]), (String) r[1],
                ((Number) r[2]).longValue(), new ImportTally(((Number) r[3]).longValue(), ((Number) r[4]).longValue(),
                        ((Number) r[5]).longValue(), ((Number) r[6]).longValue(), ((Number) r[7]).longValue(),
                        ((Number) r[8]).longValue()), (String) r[9], Boolean.TRUE.equals(r[10]), (String) r[11])).toList();
    }

    /** A ledger row: its status and, when imported, where its audio went and the SHA-256 it must match. */
    public record Entry(String status, UUID targetId, String storagePath, String sha256) {
        public boolean imported() {
            return "imported".equals(status);
        }
    }

    /** A run; {@code finishedAt} null while it runs or after it was killed, {@code alive} its heartbeat's say. */
    public record Run(UUID id, String source, long totalRows, ImportTally tally, String finishedAt, boolean alive,
            String rowsDigest) {
        public boolean finished() {
            return finishedAt != null;
        }
    }
}
