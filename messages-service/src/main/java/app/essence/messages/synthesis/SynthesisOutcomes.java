package app.essence.messages.synthesis;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.events.MessageEvents.MessageFailed;
import app.essence.common.events.MessageEvents.MessageReady;
import app.essence.common.outbox.Outbox;
import app.essence.common.storage.StorageCalls;
import app.essence.common.storage.StorageClient;
import app.essence.common.storage.StorageKeys;
import app.essence.common.storage.StorageRemovals;
import app.essence.messages.message.LegacyMessage;
import app.essence.messages.message.MessageStatus;
import app.essence.messages.ownership.ProfileOwner;
import app.essence.messages.speech.SpokenAudio;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Records how a synthesis ended, with its event, under the profile's replica row lock and then the message's (the
 * order every change of a profile's messages takes), and only for the run that holds the message.
 */
@ApplicationScoped
public class SynthesisOutcomes {
    private static final Logger LOG = Logger.getLogger(SynthesisOutcomes.class);
    private static final String OUTCOME = "update message_syntheses set outcome = :outcome where id = :id";

    private final Outbox outbox;
    private final StorageClient storage;
    private final StorageRemovals removals;

    public SynthesisOutcomes(Outbox outbox, StorageClient storage, StorageRemovals removals) {
        this.outbox = outbox;
        this.storage = storage;
        this.removals = removals;
    }

    /**
     * The run's audio becomes the message's: moved from its staging key to the message's key and recorded, in one
     * transaction. Answers false, moving nothing, when the run no longer holds the message (resumed elsewhere,
     * failed, or the message deleted); a committed message's file is never written over.
     */
    public boolean ready(SynthesisRuns.Run run, String staged, SpokenAudio audio) {
        return await(() -> RowSecurity.inSystemTransaction("message synthesis",
                () -> held(run.messageId(), run.synthesisId(), run.number(),
                (owner, message) -> {
            Instant at = owner.nextMessageChange();
            String key = StorageKeys.message(message.userId, message.profileId, message.id);
            // A removal an earlier failed recording left for this key must not take the file moved there now.
            return removals.unschedule(key).chain(() -> StorageCalls.onWorker(() -> {
                storage.move(staged, key);
                return null;
            })).chain(() -> {
                message.status = MessageStatus.ready;
                message.audioStoragePath = key;
                message.mimeType = "audio/mpeg";
                message.durationMs = Math.toIntExact(audio.durationMs());
                message.sizeBytes = audio.mp3().length;
                message.voiceId = audio.voiceId();
                message.provider = audio.provider();
                message.modelId = audio.modelId();
                message.errorCode = null;
                message.errorMessage = null;
                message.synthesisLeaseExpiresAt = null;
                message.updatedAt = at;
                return outcome(message.synthesisId, "ready");
            }).call(() -> outbox.add(new MessageReady(message.id, message.profileId, message.userId,
                    message.durationMs, at)));
        })));
    }

    /**
     * A recording that failed may have moved the run's file to the message's key before its transaction rolled back:
     * unless the message holds that file as its audio, the key is scheduled for removal, so no file stays that no
     * row points at.
     */
    public void unrecorded(SynthesisRuns.Run run) {
        String key = StorageKeys.message(run.userId(), run.profileId(), run.messageId());
        boolean scheduled = await(() -> RowSecurity.inSystemTransaction("message synthesis",
                () -> LegacyMessage.profileOf(run.messageId())
                .flatMap(profileId -> profileId == null ? Uni.createFrom().item(false)
                        : ProfileOwner.<ProfileOwner> findById(profileId, LockModeType.PESSIMISTIC_WRITE)
                                .flatMap(owner -> LegacyMessage.<LegacyMessage> findById(run.messageId(),
                                        LockModeType.PESSIMISTIC_WRITE))
                                .flatMap(message -> message == null || (message.status == MessageStatus.ready
                                        && key.equals(message.audioStoragePath)) ? Uni.createFrom().item(false)
                                                : removals.schedule(List.of(key)).replaceWith(true)))));
        if (scheduled) {
            try {
                await(() -> removals.removeNow(List.of(key)));
            } catch (RuntimeException e) {
                LOG.warnf("message %s: %s stays until the next removal sweep: %s", run.messageId(), key, e.toString());
            }
        }
    }

    /**
     * The synthesis failed for good, with a stable code and our sentence; only if run {@code runNumber} of synthesis
     * {@code synthesisId} holds it.
     */
    public boolean fail(UUID messageId, UUID synthesisId, int runNumber, String code, String sentence) {
        boolean recorded = await(() -> RowSecurity.inSystemTransaction("message synthesis",
                () -> held(messageId, synthesisId, runNumber,
                (owner, message) -> {
            Instant at = owner.nextMessageChange();
            message.status = MessageStatus.failed;
            message.errorCode = code;
            message.errorMessage = sentence;
            message.synthesisLeaseExpiresAt = null;
            message.updatedAt = at;
            return outcome(message.synthesisId, "failed")
                    .call(() -> outbox.add(new MessageFailed(message.id, message.profileId, message.userId,
                            sentence, at)));
        })));
        if (!recorded) {
            LOG.infof("message %s: run %d ended after losing the message", messageId, runNumber);
        }
        return recorded;
    }

    /** Gives the message back for a later run: its lease ends after the pause and the reaper resumes it. */
    Uni<Integer> retryLater(SynthesisRuns.Run run, Duration pause) {
        return leaseFor(run, pause);
    }

    /**
     * Sets the lease of the run's message to end {@code after} from now (the database's clock), if this run of this
     * synthesis still holds it; answers 1 if it did. Run numbers start again with each synthesis, so the synthesis id
     * is part of the fence.
     */
    static Uni<Integer> leaseFor(SynthesisRuns.Run run, Duration after) {
        return DatabaseClock.now().flatMap(now -> LegacyMessage.update("synthesisLeaseExpiresAt = ?1 where id = ?2 "
                + "and synthesisId = ?3 and synthesisRuns = ?4 and status = ?5", now.plus(after), run.messageId(),
                run.synthesisId(), run.number(), MessageStatus.generating));
    }

    /**
     * Runs {@code step} if run {@code runNumber} of synthesis {@code synthesisId} still holds the message, both rows
     * locked; answers whether it did.
     */
    private static Uni<Boolean> held(UUID messageId, UUID synthesisId, int runNumber, Step step) {
        return LegacyMessage.profileOf(messageId).flatMap(profileId -> {
            if (profileId == null) {
                return Uni.createFrom().item(false);
            }
            return ProfileOwner.<ProfileOwner> findById(profileId, LockModeType.PESSIMISTIC_WRITE)
                    .flatMap(owner -> LegacyMessage.<LegacyMessage> findById(messageId,
                            LockModeType.PESSIMISTIC_WRITE).flatMap(message -> {
                                if (message == null || message.status != MessageStatus.generating
                                        || !synthesisId.equals(message.synthesisId)
                                        || message.synthesisRuns != runNumber) {
                                    return Uni.createFrom().item(false);
                                }
                                return step.apply(owner, message).replaceWith(true);
                            }));
        });
    }

    private static Uni<Void> outcome(UUID synthesisId, String outcome) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(OUTCOME)
                .setParameter("outcome", outcome).setParameter("id", synthesisId).executeUpdate())
                .replaceWithVoid();
    }

    @FunctionalInterface
    private interface Step {
        Uni<Void> apply(ProfileOwner owner, LegacyMessage message);
    }
}
