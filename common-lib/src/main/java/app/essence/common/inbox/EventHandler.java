package app.essence.common.inbox;

import app.essence.common.events.EssenceEvent;
import io.smallrye.mutiny.Uni;

/**
 * Reacts to one consumed event type. A service declares one bean per event it consumes; the handler runs inside
 * the transaction that also records the event id, so its effect happens exactly once.
 */
public interface EventHandler<E extends EssenceEvent> {

    Class<E> eventClass();

    /** What handling the event does, in a few words; docs/events.md quotes it and a test keeps the two equal. */
    String effect();

    Uni<Void> handle(E event);
}
