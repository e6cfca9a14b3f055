package app.essence.clips.erasure;

import app.essence.clips.clip.ClipFileRemoval;
import app.essence.clips.clip.TrainingClip;
import app.essence.clips.ownership.ProfileOwner;
import app.essence.clips.training.Training;
import app.essence.clips.training.TrainingStatus;
import app.essence.common.erasure.ErasurePart;
import app.essence.common.events.ClipEvents.UserClipsErased;
import app.essence.common.legacy.ImportLedger;
import app.essence.common.outbox.Outbox;
import app.essence.common.reactive.NativeSelects;
import app.essence.common.storage.StorageRemovals;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * clips-service's part of an erasure: done once the user has no clip, no storage removal, no clip file removal
 * (among them the reservations of uploads in flight, which the erasure keeps: ClipFiles.removeAllOfUser) and no
 * voice removal left to confirm, and every training of theirs has ended with its provider voices swept. Completing
 * it drops the trainings (their consent statements) and the profiles' tombstones, forgets the user in the legacy
 * import's ledger, and emits UserClipsErased (docs/erasure.md).
 */
@ApplicationScoped
public class ClipsErasurePart implements ErasurePart {
    private static final String VOICES_LEFT = "select count(*) from voice_removals where profile_id in "
            + "(select profile_id from profile_owners where user_id = :user)";

    private final StorageRemovals removals;
    private final Outbox outbox;
    private final ImportLedger ledger;

    public ClipsErasurePart(StorageRemovals removals, Outbox outbox, ImportLedger ledger) {
        this.removals = removals;
        this.outbox = outbox;
        this.ledger = ledger;
    }

    @Override
    public Uni<Long> remaining(UUID userId) {
        return removals.pendingFor(userId)
                .flatMap(files -> TrainingClip.count("userId", userId).map(clips -> files + clips))
                .flatMap(left -> ClipFileRemoval.count("profileId in (select o.profileId from ProfileOwner o "
                        + "where o.userId = ?1)", userId).map(clipFiles -> left + clipFiles))
                .flatMap(left -> Training.count("userId = ?1 and (status = ?2 or labelsSweptAt is null)",
                        userId, TrainingStatus.training).map(trainings -> left + trainings))
                .flatMap(left -> Panache.getSession().flatMap(session -> NativeSelects
                        .create(session, VOICES_LEFT, Long.class).setParameter("user", userId).getSingleResult())
                        .map(voices -> left + voices));
    }

    @Override
    public Uni<Void> complete(UUID userId, Instant at) {
        return Training.delete("userId", userId)
                .chain(() -> ProfileOwner.delete("userId", userId))
                .chain(() -> ledger.forget(userId))
                .chain(() -> outbox.add(new UserClipsErased(userId, at)));
    }
}
