package app.essence.profiles.events;

import app.essence.common.events.MessageEvents.MessageDeleted;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A deleted legacy message: the profile's message count follows. */
@ApplicationScoped
public class MessageDeletedHandler implements EventHandler<MessageDeleted> {
    private final ProfileProjection projection;

    public MessageDeletedHandler(ProfileProjection projection) {
        this.projection = projection;
    }

    @Override
    public Class<MessageDeleted> eventClass() {
        return MessageDeleted.class;
    }

    @Override
    public String effect() {
        return "sets `message_count` to the count the event carries (newer wins)";
    }

    @Override
    public Uni<Void> handle(MessageDeleted event) {
        return projection.messageCount(event.profileId(), event.messageCount(), event.occurredAt());
    }
}
