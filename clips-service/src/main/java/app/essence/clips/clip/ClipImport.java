package app.essence.clips.clip;

import io.smallrye.mutiny.Uni;
import java.time.Instant;
import java.util.function.Function;

/**
 * What importing a legacy recording adds to recording a clip (docs/legacy-import.md): the clip keeps the time it was
 * recorded at, and the import's ledger row is written in the transaction that records the clip and its event.
 */
public record ClipImport(Instant recordedAt, Function<TrainingClip, Uni<Void>> ledger) {

    /** The legacy time, or {@code fallback} when the row has none. */
    Instant recordedAt(Instant fallback) {
        return recordedAt != null ? recordedAt : fallback;
    }

    /** The prompt is recorded already (a take made since, or another import): an import never replaces it. */
    public static class AlreadyRecorded extends RuntimeException {
        public AlreadyRecorded(int promptIndex) {
            super("prompt " + promptIndex + " of this profile is recorded already", null, false, false);
        }
    }
}
