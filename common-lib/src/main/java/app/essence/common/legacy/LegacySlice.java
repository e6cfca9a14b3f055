package app.essence.common.legacy;

import io.smallrye.mutiny.Uni;
import java.util.function.Function;

/**
 * A service's part of the legacy import (docs/legacy-import.md): which legacy table it reads, how, and how one row
 * becomes one of its own records through the service's own upload path. A service has at most one.
 */
public interface LegacySlice {

    /** A name for the console, the report and its file: {@code clips}, {@code messages}. */
    String name();

    /** The legacy table as the mapping names it. */
    LegacyTable table();

    /**
     * SQL over the legacy database selecting every row's columns but its audio, ordered by {@code legacy_id}: a text
     * column {@code legacy_id} and whatever else {@link #importRow} reads.
     */
    String rowsQuery();

    /**
     * Imports one row, or throws {@link RowRefused}. {@code ledger} must run inside the transaction that records the
     * row's clip or message and its event, so the ledger says imported exactly when the record committed.
     */
    RowOutcome.Imported importRow(LegacyRow row, LegacyAudio audio, Function<RowOutcome.Imported, Uni<Void>> ledger);
}
