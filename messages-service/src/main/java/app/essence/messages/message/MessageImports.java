package app.essence.messages.message;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.events.MessageEvents.MessageCreated;
import app.essence.common.events.MessageEvents.MessageReady;
import app.essence.common.identity.Caller;
import app.essence.common.legacy.RowOutcome;
import app.essence.common.legacy.RowRefused;
import app.essence.common.outbox.Outbox;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.storage.StorageCalls;
import app.essence.common.storage.StorageClient;
import app.essence.common.storage.StorageKeys;
import app.essence.common.storage.StorageRemovals;
import app.essence.messages.ownership.ProfileOwnership;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.logging.Logger;

/**
 * Legacy messages with their spoken audio (docs/legacy-import.md). The audio is staged, then, under the profile's
 * replica row lock and in one transaction, moved to the message's key and recorded as a ready message with its
 * MessageCreated and MessageReady events and the import's ledger row. The message's id is derived from the legacy
 * row's, so an import retried after a crash writes the same key and never leaves a second file. A message that
 * exists already is never written over: the row is refused before anything is moved onto its key; a recording that
 * fails after the move schedules the moved file's removal, as a failed synthesis does.
 */
@ApplicationScoped
public class MessageImports {
    private static final Logger LOG = Logger.getLogger(MessageImports.class);
    private static final String PROVIDER = "legacy-import";

    private final ProfileOwnership ownership;
    private final StorageClient storage;
    private final Outbox outbox;
    private final StorageRemovals removals;

    public MessageImports(ProfileOwnership ownership, StorageClient storage, Outbox outbox,
            StorageRemovals removals) {
        this.ownership = ownership;
        this.storage = storage;
        this.outbox = outbox;
        this.removals = removals;
    }

    /** The message a legacy row becomes: the same for every run that imports it. */
    public static UUID messageIdOf(String legacyId) {
        return UUID.nameUUIDFromBytes(("essence-legacy-message:" + legacyId).getBytes(StandardCharsets.UTF_8));
    }

    /** Records the message ready with its MP3; its owner is confirmed by the caller. */
    public LegacyMessage importLegacy(Imported imported, Function<LegacyMessage, Uni<Void>> ledger) {
        UUID id = messageIdOf(imported.legacyId());
        String staged = StorageKeys.incomingMessage(imported.userId(), imported.profileId(), id, UUID.randomUUID(), 0);
        String key = StorageKeys.message(imported.userId(), imported.profileId(), id);
        try {
            storage.put(staged, new ByteArrayInputStream(imported.mp3()), imported.mp3().length, "audio/mpeg");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            // Imported as its owner would have written it: the transaction reaches that user's rows only.
            return await(() -> RowSecurity.inUserTransaction(imported.userId(),
                    () -> record(imported, id, staged, key, ledger)));
        } catch (RuntimeException e) {
            discard(staged);
            unrecorded(imported, id, key);
            throw e;
        }
    }

    /**
     * A recording that failed may have moved the audio onto the message's key before its transaction rolled back:
     * unless a message holds that file, the key is scheduled for removal, so no file stays that no row points at.
     */
    private void unrecorded(Imported imported, UUID id, String key) {
        boolean scheduled;
        try {
            scheduled = await(() -> RowSecurity.inUserTransaction(imported.userId(),
                    () -> ownership.lock(imported.profileId())
                            .chain(() -> LegacyMessage.<LegacyMessage> findById(id, LockModeType.PESSIMISTIC_WRITE))
                            .flatMap(message -> message != null && key.equals(message.audioStoragePath)
                                    ? Uni.createFrom().item(false)
                                    : removals.schedule(List.of(key)).replaceWith(true))));
        } catch (RuntimeException e) {
            LOG.warnf(e, "legacy message %s: whether %s is held could not be recorded", id, key);
            return;
        }
        if (scheduled) {
            try {
                await(() -> removals.removeNow(List.of(key)));
            } catch (RuntimeException e) {
                LOG.warnf("legacy message %s: %s stays until the next removal sweep: %s", id, key, e.toString());
            }
        }
    }

    private Uni<LegacyMessage> record(Imported imported, UUID id, String staged, String key,
            Function<LegacyMessage, Uni<Void>> ledger) {
        Caller caller = new Caller(imported.userId(), Optional.empty(), false, false);
        return ownership.lockOwned(caller, imported.profileId()).flatMap(owner -> LegacyMessage
                .<LegacyMessage> findById(id, LockModeType.PESSIMISTIC_WRITE).invoke(existing -> {
                    if (existing != null) {
                        // Its file is a committed message's audio: nothing is moved onto it.
                        throw new RowRefused(RowOutcome.skipped("already-imported", "message " + id
                                + " exists already"));
                    }
                })
                // A removal an earlier failed recording left for this key must not take the file moved there now.
                .chain(() -> removals.unschedule(key))
                .chain(() -> StorageCalls.onWorker(() -> {
                    storage.move(staged, key);
                    return null;
                })).chain(() -> {
            Instant created = owner.nextMessageChange();
            LegacyMessage message = new LegacyMessage();
            message.id = id;
            message.userId = owner.userId;
            message.profileId = owner.profileId;
            message.title = imported.title();
            message.category = imported.category();
            message.recipientLabel = imported.recipientLabel();
            message.momentLabel = imported.momentLabel();
            message.promptText = imported.promptText();
            message.generatedText = imported.generatedText();
            message.status = MessageStatus.ready;
            message.audioStoragePath = key;
            message.mimeType = "audio/mpeg";
            message.sizeBytes = imported.mp3().length;
            message.durationMs = Math.toIntExact(imported.durationMs());
            message.provider = PROVIDER;
            // The audio's version, as a synthesis would give it (playback's ETag); no synthesis was asked for, so
            // none counts against the monthly allowance.
            message.synthesisId = UUID.randomUUID();
            message.createdAt = imported.createdAt() != null ? imported.createdAt() : created;
            message.updatedAt = created;
            Instant ready = owner.nextMessageChange();
            return message.<LegacyMessage> persistAndFlush()
                    .call(() -> ledger.apply(message))
                    .chain(() -> LegacyMessage.count("profileId", owner.profileId).map(Math::toIntExact))
                    .call(count -> outbox.add(new MessageCreated(id, owner.profileId, owner.userId, count, created)))
                    .call(() -> outbox.add(new MessageReady(id, owner.profileId, owner.userId, message.durationMs,
                            ready)))
                    .replaceWith(message);
        }));
    }

    /** Where the message keeps its audio now, empty when it is gone (the legacy import's verification). */
    public Optional<String> audioPathOf(UUID messageId) {
        LegacyMessage message = await(() -> RowSecurity.inSystemTransaction("legacy import verification",
                () -> LegacyMessage.<LegacyMessage> findById(messageId)));
        return Optional.ofNullable(message).map(found -> found.audioStoragePath);
    }

    private void discard(String staged) {
        try {
            storage.delete(staged);
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("staged legacy audio %s stays until the staged sweep: %s", staged, e.getMessage());
        }
    }

    /** A legacy message as its row says, with its decoded MP3 and how long it plays. */
    public record Imported(String legacyId, UUID userId, UUID profileId, String title, String category,
            String recipientLabel, String momentLabel, String promptText, String generatedText, Instant createdAt,
            byte[] mp3, long durationMs) {
    }
}
