package app.essence.testing;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;

/**
 * The lines a logger of the service under test writes from now on, formatted: what an operator reads, and a signal
 * a test can wait for when nothing else shows that the service has done something. Close it to stop listening.
 */
public final class LogLines implements AutoCloseable {
    private final Logger logger;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record instanceof ExtLogRecord ext ? ext.getFormattedMessage() : record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogLines(String category) {
        this.logger = Logger.getLogger(category);
        logger.addHandler(handler);
    }

    /** Listens to the logger of this class (its category is the class name). */
    public static LogLines of(Class<?> loggingClass) {
        return new LogLines(loggingClass.getName());
    }

    public List<String> lines() {
        return List.copyOf(lines);
    }

    public boolean anyContains(String... parts) {
        return lines.stream().anyMatch(line -> List.of(parts).stream().allMatch(line::contains));
    }

    @Override
    public void close() {
        logger.removeHandler(handler);
    }
}
