package app.essence.messages.speech;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Retries of provider calls in milliseconds rather than seconds, and a read timeout of 8 s, so the tests that
 * provoke them stay quick; an abandoned call keeps its turn for a tenth of a second. The read timeout stays above
 * the slow answers SynthesisTests plan (a timed-out call is not made again). The account's answer is trusted for 2 s,
 * so a test can see it asked for again.
 */
public class FastSpeechRetries implements QuarkusTestResourceLifecycleManager {
    @Override
    public Map<String, String> start() {
        return Map.of("essence.speech.retry.first-delay", "20ms", "essence.speech.retry.max-delay", "200ms",
                "essence.voice.read-timeout", "8s", "essence.speech.abandoned-call-hold", "100ms",
                "essence.speech.account-cache-for", "2s");
    }

    @Override
    public void stop() {
    }
}
