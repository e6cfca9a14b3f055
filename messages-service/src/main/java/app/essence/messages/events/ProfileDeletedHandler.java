package app.essence.messages.events;

import app.essence.common.erasure.ErasedUsers;
import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.common.inbox.EventHandler;
import app.essence.messages.message.MessageService;
import app.essence.messages.ownership.ProfileOwner;
import app.essence.messages.ownership.ProfileOwnership;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

/**
 * A deleted profile: no more messages for it, and its messages and their audio go. Its replica row is locked and
 * marked first, so no message is created or made ready meanwhile (a synthesis still running finds its message gone
 * and keeps nothing). The profile's audio folders, committed and staged, are scheduled for removal in the event's
 * transaction and removed after it, retried until the storage confirms. An erased user's profile is left to the
 * erasure, which took all of theirs (docs/erasure.md).
 */
@ApplicationScoped
public class ProfileDeletedHandler implements EventHandler<ProfileDeleted> {
    private final ProfileOwnership ownership;
    private final MessageService messages;
    private final ErasedUsers erasedUsers;

    public ProfileDeletedHandler(ProfileOwnership ownership, MessageService messages, ErasedUsers erasedUsers) {
        this.erasedUsers = erasedUsers;
        this.ownership = ownership;
        this.messages = messages;
    }

    @Override
    public Class<ProfileDeleted> eventClass() {
        return ProfileDeleted.class;
    }

    @Override
    public String effect() {
        return "marks the profile deleted for good and removes its messages and their audio files (retried until the "
                + "storage confirms)";
    }

    @Override
    public Uni<Void> handle(ProfileDeleted event) {
        return erasedUsers.isErased(event.userId()).flatMap(erased -> erased ? Uni.createFrom().voidItem()
                : forget(event));
    }

    private Uni<Void> forget(ProfileDeleted event) {
        return ProfileOwner.<ProfileOwner> findById(event.profileId(), LockModeType.PESSIMISTIC_WRITE)
                .flatMap(owner -> {
                    if (owner != null && owner.deletedAt != null) {
                        // Deleted before, with all that goes with it, in the transaction that marked it.
                        return Uni.createFrom().voidItem();
                    }
                    return ownership.forget(event.profileId(), event.userId(), event.occurredAt())
                            .chain(() -> messages.removeAllOfProfile(event.userId(), event.profileId()));
                });
    }
}
