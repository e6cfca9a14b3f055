package app.essence.clips.quality;

import jakarta.enterprise.context.ApplicationScoped;
import app.essence.common.media.MediaKind;
import app.essence.common.media.Wav;
import java.io.ByteArrayInputStream;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only if FFmpeg's native libraries load and decode: a container without them would otherwise accept
 * uploads and judge none. Decodes a 50 ms WAV made here (docs/stack.md: loading alone can fail where decoding works).
 */
@Readiness
@ApplicationScoped
public class AudioDecoderHealthCheck implements HealthCheck {
    private static final int PROBE_RATE = 16_000;
    private static final byte[] PROBE = Wav.mono16(new short[PROBE_RATE / 20], PROBE_RATE);
    private static final String NAME = "Audio decoder (FFmpeg)";

    private final AudioAnalyzer analyzer;
    private volatile HealthCheckResponse passed;

    public AudioDecoderHealthCheck(AudioAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    /**
     * Decodes the probe until it first succeeds, then answers from memory: once FFmpeg's natives are loaded they
     * stay loaded, and readiness is polled often (the launcher every 100 ms, Kubernetes every few seconds).
     */
    @Override
    public HealthCheckResponse call() {
        HealthCheckResponse known = passed;
        if (known != null) {
            return known;
        }
        try {
            int millis = analyzer.analyze(new ByteArrayInputStream(PROBE), MediaKind.WAV).durationMs();
            HealthCheckResponse response = HealthCheckResponse.named(NAME).status(millis == 50)
                    .withData("probe_ms", millis).build();
            if (millis == 50) {
                passed = response;
            }
            return response;
        } catch (RuntimeException | LinkageError e) {
            return HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
