package app.essence.messages.message;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** What a client writes to create a message, trimmed; a blank label means none. */
public record MessageFields(
        @NotBlank(message = "is required") @Size(max = 200, message = "must be at most 200 characters") String title,
        @NotBlank(message = "is required") @Pattern(regexp = MessageFields.CATEGORIES,
                message = "must be one of birthday, encouragement, apology, gratitude, other") String category,
        @Size(max = 100, message = "must be at most 100 characters") @Schema(nullable = true) String recipientLabel,
        @Size(max = 200, message = "must be at most 200 characters") @Schema(nullable = true) String momentLabel,
        @NotBlank(message = "is required") @Size(max = 4000, message = "must be at most 4000 characters")
        String promptText) {

    public static final String CATEGORIES = "birthday|encouragement|apology|gratitude|other";

    public MessageFields {
        title = strip(title);
        category = strip(category);
        recipientLabel = blankIsNone(recipientLabel);
        momentLabel = blankIsNone(momentLabel);
        promptText = strip(promptText);
    }

    private static String strip(String text) {
        return text == null ? null : text.strip();
    }

    private static String blankIsNone(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
