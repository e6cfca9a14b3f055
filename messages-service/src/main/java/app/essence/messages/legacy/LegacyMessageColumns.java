package app.essence.messages.legacy;

import app.essence.common.legacy.LegacyColumns;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Which legacy column is which (docs/legacy-import.md, "Mapping"): {@code essence.legacy-import.messages.*},
 * defaults the product's camelCase names. The legacy {@code mimeType} is never read: the bytes say what they are.
 */
@ConfigMapping(prefix = "essence.legacy-import.messages")
public interface LegacyMessageColumns extends LegacyColumns {
    @Override
    @WithDefault("messages")
    String table();

    @WithDefault("title")
    String title();

    @WithDefault("category")
    String category();

    @WithDefault("recipientLabel")
    String recipientLabel();

    @WithDefault("momentLabel")
    String momentLabel();

    @WithDefault("promptText")
    String promptText();

    @WithDefault("generatedText")
    String generatedText();
}
