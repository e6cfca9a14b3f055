package app.essence.messages.events;

import app.essence.common.events.ProfileEvents.UserDeleted;
import app.essence.common.plans.PlanReplica;
import app.essence.common.inbox.EventHandler;
import app.essence.messages.message.MessageService;
import app.essence.messages.ownership.ProfileOwnership;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * An erased account: every profile of the user stays deleted here (those whose events have not arrived yet too),
 * and all their messages, syntheses, plan and audio go; the audio folders are removed after the event's transaction,
 * retried until the storage confirms, and {@link app.essence.messages.erasure.MessagesErasurePart} then completes the part (docs/erasure.md).
 * Applying it again finds nothing left to remove.
 */
@ApplicationScoped
public class UserDeletedHandler implements EventHandler<UserDeleted> {
    private final ProfileOwnership ownership;
    private final MessageService messages;
    private final PlanReplica plans;

    public UserDeletedHandler(ProfileOwnership ownership, MessageService messages, PlanReplica plans) {
        this.ownership = ownership;
        this.messages = messages;
        this.plans = plans;
    }

    @Override
    public Class<UserDeleted> eventClass() {
        return UserDeleted.class;
    }

    @Override
    public String effect() {
        return "marks all the user's profiles deleted for good, forgets their plan and removes all their messages "
                + "and audio files (retried until the storage confirms), then emits UserMessagesErased";
    }

    @Override
    public Uni<Void> handle(UserDeleted event) {
        return ownership.forgetUser(event.userId(), event.occurredAt())
                .chain(() -> messages.removeAllOfUser(event.userId()))
                .chain(() -> plans.forget(event.userId()));
    }
}
