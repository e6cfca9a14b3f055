package app.essence.clips.legacy;

import static app.essence.common.legacy.LegacyTable.quoted;
import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.clip.ClipImport;
import app.essence.clips.clip.ClipService;
import app.essence.clips.clip.ClipsConfig;
import app.essence.clips.ownership.ProfileOwnership;
import app.essence.clips.prompt.PromptScript;
import app.essence.common.legacy.LegacyAudio;
import app.essence.common.legacy.LegacyRow;
import app.essence.common.legacy.LegacySlice;
import app.essence.common.legacy.LegacyTable;
import app.essence.common.legacy.OperatorToken;
import app.essence.common.legacy.RowOutcome;
import app.essence.common.legacy.RowRefused;
import app.essence.common.problem.ProblemException;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

/**
 * clips-service's slice of the legacy import (docs/legacy-import.md): each {@code voice_recordings} row becomes the
 * training clip of its profile's prompt through the upload path (sniffed, stored, judged, announced). Of several
 * takes of one prompt the newest that holds audio is imported and the others are skipped as superseded.
 */
@ApplicationScoped
public class LegacyRecordings implements LegacySlice {
    private final LegacyRecordingColumns columns;
    private final ClipService clips;
    private final ProfileOwnership ownership;
    private final OperatorToken operatorToken;
    private final long maxBytes;

    public LegacyRecordings(LegacyRecordingColumns columns, ClipService clips, ProfileOwnership ownership,
            OperatorToken operatorToken,
            ClipsConfig config) {
        this.columns = columns;
        this.clips = clips;
        this.ownership = ownership;
        this.operatorToken = operatorToken;
        this.maxBytes = config.maxBytes();
    }

    @Override
    public long maxAudioBytes() {
        return maxBytes;
    }

    @Override
    public Optional<String> currentAudioPath(UUID targetId) {
        return clips.audioPathOf(targetId);
    }

    @Override
    public String name() {
        return "clips";
    }

    @Override
    public LegacyTable table() {
        return columns.legacyTable();
    }

    @Override
    public String rowsQuery() {
        String id = "r." + quoted(columns.id());
        String profile = "r." + quoted(columns.profileId());
        String prompt = "r." + quoted(columns.promptIndex());
        String created = "r." + quoted(columns.createdAt());
        // The newest take that holds audio wins: an empty newer one (skipped, no-audio) hides no older audio.
        String empty = LegacyAudio.noAudioSql("r." + quoted(columns.audio()));
        return "select " + columns.selectedBy("r") + ", " + prompt + "::text as prompt_index, "
                + "row_number() over takes as take, first_value(" + id + "::text) over takes as newest_take "
                + "from " + quoted(columns.table()) + " r "
                + "window takes as (partition by " + profile + ", " + prompt + " order by " + empty + ", " + created
                + " desc nulls last, " + id + " desc) "
                + "order by " + id;
    }

    @Override
    public RowOutcome.Imported importRow(LegacyRow row, LegacyAudio audio,
            Function<RowOutcome.Imported, Uni<Void>> ledger) {
        UUID userId = row.uuid("user_id");
        UUID profileId = row.uuid("profile_id");
        int promptIndex = row.integer("prompt_index");
        if (promptIndex < 0 || promptIndex >= PromptScript.SIZE) {
            throw new RowRefused(RowOutcome.failed("bad-prompt-index", "prompt index " + promptIndex
                    + " is not one of 0 to " + (PromptScript.SIZE - 1)));
        }
        if (row.number("take") > 1) {
            throw new RowRefused(RowOutcome.skipped("superseded", "legacy row " + row.text("newest_take")
                    + " is a newer take of prompt " + promptIndex));
        }
        AtomicReference<RowOutcome.Imported> imported = new AtomicReference<>();
        try (InputStream in = audio.open()) {
            await(() -> ownership.confirmForImport(userId, profileId, operatorToken.current()));
            clips.importLegacy(userId, profileId, promptIndex, in, audio.size(),
                    new ClipImport(row.instant("created_at"), clip -> {
                        imported.set(new RowOutcome.Imported(clip.id, clip.audioStoragePath, clip.sizeBytes));
                        return ledger.apply(imported.get());
                    }));
        } catch (ClipImport.AlreadyRecorded e) {
            throw new RowRefused(RowOutcome.skipped("already-recorded", e.getMessage()));
        } catch (ProblemException e) {
            throw RowRefused.refusedBy(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return imported.get();
    }
}
