package app.essence.profiles.erasure;

import app.essence.common.events.ClipEvents.UserClipsErased;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** clips-service confirmed its part of an erasure. */
@ApplicationScoped
public class UserClipsErasedHandler implements EventHandler<UserClipsErased> {
    private final ErasureService erasures;

    public UserClipsErasedHandler(ErasureService erasures) {
        this.erasures = erasures;
    }

    @Override
    public Class<UserClipsErased> eventClass() {
        return UserClipsErased.class;
    }

    @Override
    public String effect() {
        return "records that clips-service's part of the erasure is done (`user_erasures`)";
    }

    @Override
    public Uni<Void> handle(UserClipsErased event) {
        return erasures.confirmed(event.userId(), "clips-service", event.occurredAt());
    }
}
