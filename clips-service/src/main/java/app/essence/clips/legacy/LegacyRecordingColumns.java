package app.essence.clips.legacy;

import app.essence.common.legacy.LegacyColumns;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which legacy column is which (docs/legacy-import.md, "Mapping"): {@code essence.legacy-import.clips.*}, defaults
 * the product's camelCase names. The legacy {@code mimeType} is never read: the bytes say what they are.
 */
@ConfigMapping(prefix = "essence.legacy-import.clips")
public interface LegacyRecordingColumns extends LegacyColumns {
    @Override
    @WithDefault("voice_recordings")
    String table();

    @WithDefault("promptIndex")
    String promptIndex();
}
