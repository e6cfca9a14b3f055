package app.essence.common.inbox;

import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * The one Kafka consumer of a service: hands each event to the {@link Inbox} and acknowledges it, or nacks it to
 * the dead-letter topic with its reason, so the partition moves on. A service without handlers disables the channel
 * ({@code mp.messaging.incoming.essence-inbox.enabled=false}); then this consumer does not exist either.
 */
@ApplicationScoped
@IfBuildProperty(name = "mp.messaging.incoming.essence-inbox.enabled", stringValue = "true", enableIfMissing = true)
public class InboxConsumer {
    private final Inbox inbox;
    private final DeadLetters deadLetters;

    public InboxConsumer(Inbox inbox, DeadLetters deadLetters) {
        this.inbox = inbox;
        this.deadLetters = deadLetters;
    }

    @Incoming("essence-inbox")
    public Uni<Void> consume(Message<String> message) {
        return Uni.createFrom().deferred(() -> inbox.process(message.getPayload()))
                .onItem().transformToUni(outcome -> Uni.createFrom().completionStage(message.ack()))
                .onFailure().recoverWithUni(failure -> Uni.createFrom().completionStage(
                        message.nack(deadLetters.deadLettered(message.getPayload(), failure))));
    }
}
