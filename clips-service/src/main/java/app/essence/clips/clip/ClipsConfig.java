package app.essence.clips.clip;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/**
 * A clip's upload and file keys. {@code essence.clips.quality.*} ({@code QualityConfig}) and
 * {@code essence.clips.training.*} (the training package) are other features' keys under the same prefix.
 */
@ConfigMapping(prefix = "essence.clips")
public interface ClipsConfig {

    /**
     * Largest clip accepted, in bytes. Its default is in application.properties, where the HTTP body limit
     * ({@code quarkus.http.limits.max-body-size}) reads it too.
     */
    long maxBytes();

    /** How often files left by unfinished uploads and replaced clips are looked for and removed. */
    @WithDefault("60s")
    Duration fileSweepInterval();
}
