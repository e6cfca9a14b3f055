package app.essence.common.inbox;

import app.essence.common.events.EssenceEvent;
import io.smallrye.mutiny.Uni;

/**
 * Reacts to one consumed event type. A service declares one bean per event it consumes; the handler runs inside
 * the transaction that also records the event id, so its effect happens exactly once.
 */
public interface EventHandler<E extends EssenceEvent> {

    Class<E> eventClass();

    Uni<Void> handle(E event);
}
