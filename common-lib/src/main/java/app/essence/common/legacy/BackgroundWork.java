package app.essence.common.legacy;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

/**
 * The one switch between serving and importing for background work (docs/legacy-import.md, "How it runs"): reapers,
 * sweepers and retention start on {@link Start}, fired once at startup unless this process is an import
 * ({@link ImportMode}), so none of them asks about import mode itself.
 */
@ApplicationScoped
public class BackgroundWork {
    private final Event<Start> start;

    public BackgroundWork(Event<Start> start) {
        this.start = start;
    }

    void start(@Observes StartupEvent event) {
        if (!ImportMode.on()) {
            start.fire(new Start());
        }
    }

    /** Background work may start: what a reaper or sweeper observes instead of {@code StartupEvent}. */
    public record Start() {
    }
}
