package app.essence.clips.legacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which legacy column is which (docs/legacy-import.md, "Mapping"): {@code essence.legacy-import.clips.*}, defaults
 * the product's camelCase names. The legacy {@code mimeType} is never read: the bytes say what they are.
 */
@ConfigMapping(prefix = "essence.legacy-import.clips")
public interface LegacyRecordingColumns {
    @WithDefault("voice_recordings")
    String table();

    @WithDefault("id")
    String id();

    @WithDefault("userId")
    String userId();

    @WithDefault("profileId")
    String profileId();

    @WithDefault("promptIndex")
    String promptIndex();

    @WithDefault("createdAt")
    String createdAt();

    @WithDefault("audioData")
    String audio();
}
