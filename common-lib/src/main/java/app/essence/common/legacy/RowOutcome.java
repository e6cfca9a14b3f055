package app.essence.common.legacy;

import java.util.UUID;

/** What became of one legacy row (docs/legacy-import.md, "Outcomes"). */
public sealed interface RowOutcome {

    /** Imported: the row's audio is stored at {@code storagePath} and {@code targetId} is the clip or message. */
    record Imported(UUID targetId, String storagePath, long sizeBytes) implements RowOutcome {
    }

    /**
     * Not imported, with a stable reason code. Skipped rows lose nothing (no audio, a take superseded by a newer one,
     * a prompt recorded since); failed ones hold audio that could not be placed and keep the legacy column from being
     * dropped.
     */
    record NotImported(String status, String reason, String detail) implements RowOutcome {
    }

    static NotImported skipped(String reason, String detail) {
        return new NotImported("skipped", reason, detail);
    }

    static NotImported failed(String reason, String detail) {
        return new NotImported("failed", reason, detail);
    }
}
