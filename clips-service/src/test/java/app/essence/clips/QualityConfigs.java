package app.essence.clips;

import app.essence.clips.quality.QualityConfig;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.Map;

/** The quality thresholds as the service reads them, for tests that judge without starting it. */
final class QualityConfigs {
    private QualityConfigs() {
    }

    static QualityConfig defaults() {
        return with(Map.of());
    }

    /** The defaults with these {@code essence.clips.quality.*} properties set. */
    static QualityConfig with(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(QualityConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 500)).build()
                .getConfigMapping(QualityConfig.class);
    }
}
