package app.essence.messages.speech;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Retries of provider calls in milliseconds rather than seconds, so the tests that provoke them stay quick. */
public class FastSpeechRetries implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("essence.speech.retry.first-delay", "20ms", "essence.speech.retry.max-delay", "200ms");
    }

    @Override
    public void stop() {
    }
}
