package app.essence.profiles.events;

import app.essence.common.events.MessageEvents.MessageCreated;
import app.essence.common.inbox.EventHandler;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** A new legacy message: the profile's message count follows. */
@ApplicationScoped
public class MessageCreatedHandler implements EventHandler<MessageCreated> {
    private final ProfileProjection projection;

    public MessageCreatedHandler(ProfileProjection projection) {
        this.projection = projection;
    }

    @Override
    public Class<MessageCreated> eventClass() {
        return MessageCreated.class;
    }

    @Override
    public String effect() {
        return "sets `message_count` to the count the event carries (newer wins)";
    }

    @Override
    public Uni<Void> handle(MessageCreated event) {
        return projection.messageCount(event.profileId(), event.messageCount(), event.occurredAt());
    }
}
