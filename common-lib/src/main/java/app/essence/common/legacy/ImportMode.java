package app.essence.common.legacy;

import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * A process started as {@code import-legacy …} (docs/legacy-import.md, "How it runs") serves no one: it consumes no
 * events (its Kafka consumer would take partitions from the running service) and runs no reaper or sweeper (the
 * running service's do). Its outbox relay runs, so the import's own events go out. Set before Quarkus starts, as
 * configuration, because the consumer connects and the timers start before the command line is looked at.
 */
public final class ImportMode {
    static final String PROPERTY = "essence.import-mode";
    /** What import mode sets, before the service's own configuration is read. */
    static final Map<String, String> SETTINGS = Map.of(PROPERTY, "true",
            "mp.messaging.incoming.essence-inbox.enabled", "false");

    private ImportMode() {
    }

    /** Enters import mode when the arguments are an import's; answers whether they are. */
    static boolean enterFor(String... args) {
        boolean importing = args.length > 0 && ImportCommand.NAME.equals(args[0]);
        if (importing) {
            SETTINGS.forEach(System::setProperty);
        }
        return importing;
    }

    /** Whether this process is an import: {@link BackgroundWork} then starts no reaper or sweeper. */
    public static boolean on() {
        return ConfigProvider.getConfig().getOptionalValue(PROPERTY, Boolean.class).orElse(false);
    }
}
