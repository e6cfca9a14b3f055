package app.essence.messages.speech;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Retries of provider calls in milliseconds rather than seconds, and a read timeout of a second, so the tests that
 * provoke them stay quick.
 */
public class FastSpeechRetries implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("essence.speech.retry.first-delay", "20ms", "essence.speech.retry.max-delay", "200ms",
                "essence.voice.read-timeout", "1s");
    }

    @Override
    public void stop() {
    }
}
