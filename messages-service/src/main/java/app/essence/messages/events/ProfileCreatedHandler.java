package app.essence.messages.events;

import app.essence.common.events.ProfileEvents.ProfileCreated;
import app.essence.messages.ownership.ProfileOwnership;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A new profile: its owner may write messages for it. */
@ApplicationScoped
public class ProfileCreatedHandler implements EventHandler<ProfileCreated> {
    private final ProfileOwnership ownership;

    public ProfileCreatedHandler(ProfileOwnership ownership) {
        this.ownership = ownership;
    }

    @Override
    public Class<ProfileCreated> eventClass() {
        return ProfileCreated.class;
    }

    @Override
    public String effect() {
        return "adds the profile to its ownership replica (a deleted profile stays deleted)";
    }

    @Override
    public Uni<Void> handle(ProfileCreated event) {
        return ownership.remember(event.profileId(), event.userId());
    }
}
