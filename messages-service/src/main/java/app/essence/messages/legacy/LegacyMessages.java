package app.essence.messages.legacy;

import static app.essence.common.legacy.LegacyTable.quoted;
import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.legacy.LegacyAudio;
import app.essence.common.legacy.LegacyRow;
import app.essence.common.legacy.LegacySlice;
import app.essence.common.legacy.LegacyTable;
import app.essence.common.legacy.OperatorToken;
import app.essence.common.legacy.RowOutcome;
import app.essence.common.legacy.RowRefused;
import app.essence.common.media.MediaKind;
import app.essence.common.problem.ProblemException;
import app.essence.messages.message.LegacyMessage;
import app.essence.messages.message.MessageFields;
import app.essence.messages.message.MessageImports;
import app.essence.messages.ownership.ProfileOwnership;
import app.essence.messages.speech.Mp3Joiner;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumSet;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Function;

/**
 * messages-service's slice of the legacy import (docs/legacy-import.md): each legacy {@code messages} row with
 * audio becomes a ready message, its MP3 sniffed and measured, announced as a created and a ready message.
 */
@ApplicationScoped
public class LegacyMessages implements LegacySlice {
    private final LegacyMessageColumns columns;
    private final MessageImports imports;
    private final ProfileOwnership ownership;
    private final OperatorToken operatorToken;
    private final long maxBytes;

    public LegacyMessages(LegacyMessageColumns columns, MessageImports imports, ProfileOwnership ownership,
            OperatorToken operatorToken) {
        this.columns = columns;
        this.imports = imports;
        this.ownership = ownership;
        this.operatorToken = operatorToken;
        this.maxBytes = columns.maxBytes();
    }

    /** A message's MP3 is measured in memory (its duration), so this bounds what one row may hold there. */
    @Override
    public long maxAudioBytes() {
        return maxBytes;
    }

    @Override
    public Optional<String> currentAudioPath(UUID targetId) {
        return imports.audioPathOf(targetId);
    }

    @Override
    public String name() {
        return "messages";
    }

    @Override
    public LegacyTable table() {
        return columns.legacyTable();
    }

    @Override
    public String rowsQuery() {
        return "select " + columns.selectedBy("m") + ", " + text(columns.title(), "title") + ", "
                + text(columns.category(), "category") + ", " + text(columns.recipientLabel(), "recipient_label") + ", "
                + text(columns.momentLabel(), "moment_label") + ", " + text(columns.promptText(), "prompt_text") + ", "
                + text(columns.generatedText(), "generated_text") + " from " + quoted(columns.table())
                + " m order by m." + quoted(columns.id());
    }

    /** A column of the legacy row ({@code m}) selected as text named {@code as}. */
    private static String text(String column, String as) {
        return "m." + quoted(column) + "::text as " + as;
    }

    @Override
    public RowOutcome.Imported importRow(LegacyRow row, LegacyAudio audio,
            Function<RowOutcome.Imported, Uni<Void>> ledger) {
        UUID userId = row.uuid("user_id");
        UUID profileId = row.uuid("profile_id");
        String category = row.required("category");
        if (!category.matches(MessageFields.CATEGORIES)) {
            throw new RowRefused(RowOutcome.failed("bad-category", "category " + category
                    + " is not one of birthday, encouragement, apology, gratitude, other"));
        }
        byte[] mp3 = audio.bytes();
        requireMp3(mp3);
        OptionalLong durationMs = Mp3Joiner.durationMs(mp3);
        if (durationMs.isEmpty()) {
            throw new RowRefused(RowOutcome.failed("not-audio", "the MP3 holds no audio that can be decoded"));
        }
        try {
            await(() -> ownership.confirmForImport(userId, profileId, operatorToken.current()));
        } catch (ProblemException e) {
            throw RowRefused.refusedBy(e);
        }
        LegacyMessage message = imports.importLegacy(new MessageImports.Imported(row.id(), userId, profileId,
                row.required("title"), category, row.text("recipient_label"), row.text("moment_label"),
                row.required("prompt_text"), row.required("generated_text"), row.instant("created_at"),
                mp3, durationMs.getAsLong()),
                recorded -> ledger.apply(imported(recorded)));
        return imported(message);
    }

    private static RowOutcome.Imported imported(LegacyMessage message) {
        return new RowOutcome.Imported(message.id, message.audioStoragePath, message.sizeBytes);
    }

    /** A message is spoken MP3 (its key ends in .mp3): other audio is refused, whatever the row's mimeType says. */
    private static void requireMp3(byte[] bytes) {
        try {
            if (MediaKind.sniff(new BufferedInputStream(new ByteArrayInputStream(bytes)), EnumSet.of(MediaKind.MP3))
                    .isEmpty()) {
                throw new RowRefused(RowOutcome.failed("not-audio", "a message's audio must be MP3"));
            }
        } catch (ProblemException e) {
            throw RowRefused.refusedBy(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
