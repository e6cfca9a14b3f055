package app.essence.common.legacy;

import static app.essence.common.reactive.ReactiveBridge.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
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
            + "(legacy_id, status, target_id, storage_path, size_bytes, sha256, run_id) "
            + "values (:id, 'imported', :target, :path, :size, :sha, :run) on conflict (legacy_id) do update "
            + "set status = 'imported', reason = null, detail = null, target_id = excluded.target_id, "
            + "storage_path = excluded.storage_path, size_bytes = excluded.size_bytes, sha256 = excluded.sha256, "
            + "run_id = excluded.run_id, updated_at = now() where legacy_import_rows.status <> 'imported'";
    private static final String NOT_IMPORTED = "insert into legacy_import_rows (legacy_id, status, reason, detail, "
            + "run_id) values (:id, :status, :reason, :detail, :run) on conflict (legacy_id) do update "
            + "set status = excluded.status, reason = excluded.reason, detail = excluded.detail, "
            + "run_id = excluded.run_id, updated_at = now() where legacy_import_rows.status <> 'imported'";
    private static final String FIND = "select status, target_id::text, storage_path, sha256 "
            + "from legacy_import_rows where legacy_id = :id";
    private static final String VERIFIED = "update legacy_import_rows set verified_at = now(), verified_by = :run, "
            + "verify_error = :error where legacy_id = :id";
    private static final String START = "insert into legacy_import_runs (id, source, total_rows) "
            + "values (:id, :source, :total)";
    private static final String FINISH = "update legacy_import_runs set finished_at = now(), seen_rows = :seen, "
            + "imported = :imported, skipped = :skipped, failed = :failed, verified = :verified, "
            + "unverified = :unverified where id = :id";
    private static final String LAST = "select id::text, source, total_rows, seen_rows, imported, skipped, failed, "
            + "verified, unverified, finished_at::text from legacy_import_runs where finished_at is not null "
            + "order by finished_at desc limit 1";

    /** Records the row as imported; call inside the transaction that records its clip or message. */
    public Uni<Void> imported(String legacyId, UUID runId, String sha256, RowOutcome.Imported imported) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(IMPORTED)
                .setParameter("id", legacyId).setParameter("target", imported.targetId())
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

    public void notImported(String legacyId, UUID runId, RowOutcome.NotImported outcome) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(NOT_IMPORTED).setParameter("id", legacyId).setParameter("status", outcome.status())
                .setParameter("reason", outcome.reason()).setParameter("detail", outcome.detail())
                .setParameter("run", runId).executeUpdate())));
    }

    public Optional<Entry> find(String legacyId) {
        List<Object[]> rows = await(() -> Panache.withSession(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(FIND, Object[].class).setParameter("id", legacyId).getResultList())));
        return rows.stream().findFirst().map(r -> new Entry((String) r[0],
                r[1] == null ? null : UUID.fromString((String) r[1]), (String) r[2], (String) r[3]));
    }

    /** Records what verifying an imported row found: {@code error} null when the stored object matched. */
    public void verified(String legacyId, UUID runId, String error) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(VERIFIED).setParameter("id", legacyId).setParameter("run", runId)
                .setParameter("error", error).executeUpdate())));
    }

    public void start(UUID runId, String source, long total) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(START).setParameter("id", runId).setParameter("source", source)
                .setParameter("total", total).executeUpdate())));
    }

    public void finish(UUID runId, ImportTally tally) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(FINISH).setParameter("id", runId).setParameter("seen", tally.seen())
                .setParameter("imported", tally.imported()).setParameter("skipped", tally.skipped())
                .setParameter("failed", tally.failed()).setParameter("verified", tally.verified())
                .setParameter("unverified", tally.unverified()).executeUpdate())));
    }

    /** The last run that finished (a run killed half-way never counts). */
    public Optional<Run> lastFinished() {
        List<Object[]> rows = await(() -> Panache.withSession(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(LAST, Object[].class).getResultList())));
        return rows.stream().findFirst().map(r -> new Run(UUID.fromString((String) r[0]), (String) r[1],
                ((Number) r[2]).longValue(), new ImportTally(((Number) r[3]).longValue(), ((Number) r[4]).longValue(),
                        ((Number) r[5]).longValue(), ((Number) r[6]).longValue(), ((Number) r[7]).longValue(),
                        ((Number) r[8]).longValue()), (String) r[9]));
    }

    /** A ledger row: its status and, when imported, where its audio went and the SHA-256 it must match. */
    public record Entry(String status, UUID targetId, String storagePath, String sha256) {
        public boolean imported() {
            return "imported".equals(status);
        }
    }

    public record Run(UUID id, String source, long totalRows, ImportTally tally, String finishedAt) {
    }
}
