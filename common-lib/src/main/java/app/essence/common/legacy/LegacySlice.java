package app.essence.common.legacy;

import io.smallrye.mutiny.Uni;
import java.util.Optional;
import java.util.UUID;
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

    /** The most a row's decoded audio may hold: the service's own limit; past it the row is {@code too-large}. */
    long maxAudioBytes();

    /**
     * SQL over the legacy database selecting every row's columns but its audio, ordered by {@code legacy_id}: a text
     * column {@code legacy_id}, its key as the table holds it, {@code legacy_key}, the row's {@code user_id} and
     * {@code profile_id} as text, and whatever else {@link #importRow} reads.
     */
    String rowsQuery();

    /**
     * Imports one row, or throws {@link RowRefused}. {@code ledger} must run inside the transaction that records the
     * row's clip or message and its event, so the ledger says imported exactly when the record committed.
     */
    RowOutcome.Imported importRow(LegacyRow row, LegacyAudio audio, Function<RowOutcome.Imported, Uni<Void>> ledger);

    /**
     * Where the clip or message {@code targetId} keeps its audio now; empty when it is gone. A path other than the
     * import's, or none, is the user's own change since (a clip recorded again, a message deleted).
     */
    Optional<String> currentAudioPath(UUID targetId);
}
