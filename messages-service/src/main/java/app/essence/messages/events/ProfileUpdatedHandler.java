package app.essence.messages.events;

import app.essence.common.events.ProfileEvents.ProfileUpdated;
import app.essence.messages.ownership.ProfileOwnership;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * A changed profile: its owner is known from it too, should its ProfileCreated not have arrived (names are not kept).
 */
@ApplicationScoped
public class ProfileUpdatedHandler implements EventHandler<ProfileUpdated> {
    private final ProfileOwnership ownership;

    public ProfileUpdatedHandler(ProfileOwnership ownership) {
        this.ownership = ownership;
    }

    @Override
    public Class<ProfileUpdated> eventClass() {
        return ProfileUpdated.class;
    }

    @Override
    public String effect() {
        return "adds the profile to its ownership replica if it was not known (a deleted profile stays deleted)";
    }

    @Override
    public Uni<Void> handle(ProfileUpdated event) {
        return ownership.remember(event.profileId(), event.userId());
    }
}
