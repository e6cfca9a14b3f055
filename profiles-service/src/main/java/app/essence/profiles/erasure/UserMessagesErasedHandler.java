package app.essence.profiles.erasure;

import app.essence.common.events.MessageEvents.UserMessagesErased;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** messages-service confirmed its part of an erasure. */
@ApplicationScoped
public class UserMessagesErasedHandler implements EventHandler<UserMessagesErased> {
    private final ErasureService erasures;

    public UserMessagesErasedHandler(ErasureService erasures) {
        this.erasures = erasures;
    }

    @Override
    public Class<UserMessagesErased> eventClass() {
        return UserMessagesErased.class;
    }

    @Override
    public String effect() {
        return "records that messages-service's part of the erasure is done (`user_erasures`)";
    }

    @Override
    public Uni<Void> handle(UserMessagesErased event) {
        return erasures.confirmed(event.userId(), "messages-service", event.occurredAt());
    }
}
