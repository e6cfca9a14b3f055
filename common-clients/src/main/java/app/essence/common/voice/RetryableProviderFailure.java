package app.essence.common.voice;

import jakarta.ws.rs.ProcessingException;
import java.util.function.Predicate;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;

/**
 * A failure of a voice provider call that the same call may not meet again: the provider was busy (429, 5xx), the
 * call got no answer, or it found no turn among the provider calls. The one definition for the retries
 * ({@code @RetryWhen(exception = RetryableProviderFailure.class)}) and for what a failure means once they are used
 * up (the provider is unavailable); a {@link VoiceProviderException.Refused} is never retried.
 */
public final class RetryableProviderFailure implements Predicate<Throwable> {

    /** Whether this failure is worth the same call again. */
    public static boolean is(Throwable failure) {
        return failure instanceof VoiceProviderException.Busy || failure instanceof ProcessingException
                || failure instanceof BulkheadException;
    }

    @Override
    public boolean test(Throwable failure) {
        return is(failure);
    }
}
