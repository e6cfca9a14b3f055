package app.essence.common.voice;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.junit.jupiter.api.Test;

/** What the voice provider calls retry (docs/voice-training.md, "Retries"), and what they never do. */
class RetryableProviderFailureTests {
    private final RetryableProviderFailure retryable = new RetryableProviderFailure();

    @Test
    void aBusyProviderNoAnswerOrNoTurnIsRetried() {
        assertTrue(retryable.test(new VoiceProviderException.Busy(429, "too_many_concurrent_requests", "busy")));
        assertTrue(retryable.test(new VoiceProviderException.Busy(503, "unavailable", "down")));
        assertTrue(retryable.test(new ProcessingException(new ConnectException("Connection refused"))));
        assertTrue(retryable.test(new BulkheadException("queue full")));
    }

    @Test
    void aRefusalOrAnyOtherFailureIsNot() {
        assertFalse(retryable.test(new VoiceProviderException.Refused(422, "value_error", "unusable audio")));
        assertFalse(retryable.test(new VoiceProviderException.Refused(401, "invalid_api_key", "refused")));
        assertFalse(retryable.test(new IllegalStateException("a bug")));
    }
}
