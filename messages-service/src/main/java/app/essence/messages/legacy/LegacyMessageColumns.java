package app.essence.messages.legacy;

import app.essence.common.legacy.LegacyColumns;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The messages' legacy import, {@code essence.legacy-import.messages.*}: which legacy column is which
 * (docs/legacy-import.md, "Mapping"), defaults the product's camelCase names, and the most audio one row may hold.
 * The legacy {@code mimeType} is never read: the bytes say what they are.
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

    /** A message's MP3 is measured in memory (its duration), so this bounds what one row may hold there: 20 MiB. */
    @WithDefault("20971520")
    long maxBytes();
}
