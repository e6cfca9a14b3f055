package app.essence.clips.erasure;

import app.essence.clips.clip.ClipService;
import app.essence.clips.ownership.ProfileOwner;
import app.essence.clips.ownership.ProfileOwnership;
import app.essence.clips.training.TrainingService;
import app.essence.common.erasure.ErasedUsers;
import app.essence.common.events.ProfileEvents.UserDeleted;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * An erased account (docs/erasure.md): the user is remembered as erased (a late ProfileCreated never makes one of
 * their profiles known again), every profile of theirs is deleted for good, its running training ended and its
 * voices scheduled for deletion at the provider, and all their clips go with the user's storage folders. The files
 * and voices go after the commit, retried until the storage and the provider confirm; {@link ClipsErasurePart}
 * then completes the part. Applying it again finds nothing left to remove.
 */
@ApplicationScoped
public class UserDeletedHandler implements EventHandler<UserDeleted> {
    private final ErasedUsers erasedUsers;
    private final ProfileOwnership ownership;
    private final ClipService clips;
    private final TrainingService training;

    public UserDeletedHandler(ErasedUsers erasedUsers, ProfileOwnership ownership, ClipService clips,
            TrainingService training) {
        this.erasedUsers = erasedUsers;
        this.ownership = ownership;
        this.clips = clips;
        this.training = training;
    }

    @Override
    public Class<UserDeleted> eventClass() {
        return UserDeleted.class;
    }

    @Override
    public String effect() {
        return "marks all the user's profiles deleted for good, removes all their clips and audio files, ends their "
                + "trainings and deletes their voices at the voice provider (retried until it confirms), then "
                + "emits UserClipsErased";
    }

    @Override
    public Uni<Void> handle(UserDeleted event) {
        // The user's turn: a replica insert racing this either commits first (and is erased) or sees the erasure.
        return erasedUsers.takeTurn(event.userId())
                .chain(() -> erasedUsers.record(event.userId(), event.occurredAt()))
                .chain(() -> ownership.forgetUser(event.userId(), event.occurredAt()))
                .call(owners -> Multi.createFrom().iterable(owners)
                        .onItem().transformToUniAndConcatenate(owner -> training.forgetProfile(owner.profileId, null))
                        .collect().last())
                .call(owners -> clips.removeAllOfUser(event.userId(), profileIds(owners)))
                .replaceWithVoid();
    }

    private static List<java.util.UUID> profileIds(List<ProfileOwner> owners) {
        return owners.stream().map(owner -> owner.profileId).toList();
    }
}
