package app.essence.common.inbox;

import app.essence.common.events.EventCodec.UndecodableEventException;
import app.essence.common.events.EventType;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/** Logs every failed try of one event, with its id, type and cause, saying what happens next. */
final class RetryLog {
    private static final Logger LOG = Logger.getLogger(Inbox.class);

    private final UUID id;
    private final EventType type;
    private final int maxAttempts;
    private final int maxConflictAttempts;
    private final AtomicInteger eventFailures = new AtomicInteger();
    private final AtomicInteger conflicts = new AtomicInteger();
    private final AtomicInteger outageRetries = new AtomicInteger();

    RetryLog(UUID id, EventType type, InboxConfig config) {
        this.id = id;
        this.type = type;
        this.maxAttempts = config.maxAttempts();
        this.maxConflictAttempts = config.maxConflictAttempts();
    }

    void failed(Throwable failure) {
        if (TransientFailures.isTransient(failure)) {
            LOG.warnf("event %s (%s): the database is unavailable, retry %d, until it returns: %s", id,
                    type.typeName(), outageRetries.incrementAndGet(), cause(failure));
        } else if (TransientFailures.isConflict(failure)) {
            int attempt = conflicts.incrementAndGet();
            if (attempt < maxConflictAttempts) {
                LOG.warnf("event %s (%s): conflicted with another transaction, attempt %d of %d, retrying: %s", id,
                        type.typeName(), attempt, maxConflictAttempts, cause(failure));
            }
        } else if (!(failure instanceof UndecodableEventException)) {
            int attempt = eventFailures.incrementAndGet();
            if (attempt < maxAttempts) {
                LOG.warnf("event %s (%s): attempt %d of %d failed, retrying: %s", id, type.typeName(), attempt,
                        maxAttempts, cause(failure));
            }
        }
    }

    /** The failure and, when it wraps another, the root of it: what an operator needs to fix. */
    static String cause(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = failure.toString();
        return root == failure || message.contains(root.toString()) ? message : message + " (caused by " + root + ")";
    }
}
