package app.essence.messages.writing;

import jakarta.enterprise.context.ApplicationScoped;
import java.time.temporal.ChronoUnit;
import org.eclipse.microprofile.faulttolerance.Bulkhead;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * The chat call as a request may wait for it: at most {@code value} at once on this instance (one more is refused at
 * once, and its message keeps the template's text) and at most 12 s in all, retries included, so a slow model
 * never holds a request thread for long. Override with {@code app.essence.messages.writing.BoundedChat/complete/
 * Bulkhead/value} and {@code .../Timeout/value} (milliseconds).
 */
@ApplicationScoped
public class BoundedChat {
    private final ChatCompletions chat;

    public BoundedChat(ChatCompletions chat) {
        this.chat = chat;
    }

    @Bulkhead(8)
    @Timeout(value = 12, unit = ChronoUnit.SECONDS)
    public String complete(String system, String user) {
        return chat.complete(system, user);
    }
}
