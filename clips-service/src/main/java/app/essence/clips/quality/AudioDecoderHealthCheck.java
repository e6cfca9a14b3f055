package app.essence.clips.quality;

import jakarta.enterprise.context.ApplicationScoped;
import app.essence.common.media.Wav;
import java.io.ByteArrayInputStream;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only if FFmpeg's native libraries load and decode: a container without them would otherwise accept
 * uploads and judge none. Decodes a 50 ms WAV made here (STACK.md: loading alone can fail where decoding works).
 */
@Readiness
@ApplicationScoped
public class AudioDecoderHealthCheck implements HealthCheck {
    private static final byte[] PROBE = Wav.mono16(new short[AudioAnalyzer.SAMPLE_RATE / 20],
            AudioAnalyzer.SAMPLE_RATE);

    private final AudioAnalyzer analyzer;

    public AudioDecoderHealthCheck(AudioAnalyzer analyzer) {
        this.analyzer = analyzer;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            int millis = analyzer.analyze(new ByteArrayInputStream(PROBE)).durationMs();
            return HealthCheckResponse.named("Audio decoder (FFmpeg)").status(millis == 50)
                    .withData("probe_ms", millis).build();
        } catch (RuntimeException | LinkageError e) {
            return HealthCheckResponse.named("Audio decoder (FFmpeg)").down()
                    .withData("error", String.valueOf(e.getMessage())).build();
        }
    }
}
