package app.essence.messages.writing;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The offline writer: frames the user's own words with a warm opening and closing for the category. It states no
 * fact the user did not give: the only names, dates and places in its text are inside the recipient, moment and
 * prompt the user wrote. Deterministic: the same input always gives the same text.
 */
@ApplicationScoped
public class TemplateWriter implements TextWriter {
    /** Labels that start like these are descriptions ("My daughter"), not names, and read lower-case mid-sentence. */
    private static final Set<String> DESCRIPTIVE_STARTS = Set.of("my", "our", "your", "the", "a", "an", "future",
            "dear");

    @Override
    public WrittenText write(MessagePrompt prompt) {
        List<String> parts = new ArrayList<>();
        String moment = label(prompt.momentLabel());
        if (moment != null) {
            parts.add(capitalised(moment) + " — this is for you.");
        }
        parts.add(opening(prompt.category(), label(prompt.recipientLabel())));
        parts.add(sentence(prompt.promptText()));
        parts.add(closing(prompt.category()));
        parts.add("With all my love.");
        return new WrittenText(String.join(" ", parts), null);
    }

    private static String opening(String category, String recipient) {
        String fallback = switch (category) {
            case "birthday" -> "Happy birthday.";
            case "encouragement" -> "I want you to hear this.";
            case "apology" -> "There is something I need to say.";
            case "gratitude" -> "I want to thank you.";
            default -> "I wanted you to have these words.";
        };
        if (recipient == null) {
            return fallback;
        }
        String name = recipient;
        if (category.equals("birthday")) {
            return "Happy birthday, " + midSentence(name) + ".";
        }
        String rest = fallback.startsWith("I ") ? fallback
                : Character.toLowerCase(fallback.charAt(0)) + fallback.substring(1);
        return capitalised(name) + ", " + rest;
    }

    private static String closing(String category) {
        return switch (category) {
            case "birthday" -> "I hope this year brings you joy.";
            case "encouragement" -> "You are stronger than you know, and I believe in you.";
            case "apology" -> "I am truly sorry.";
            case "gratitude" -> "Thank you, with all my heart.";
            default -> "Keep these words close.";
        };
    }

    /** The user's words as one or more sentences: spaces tidied, a capital first, a full stop if none ends them. */
    private static String sentence(String words) {
        String tidy = capitalised(words.strip().replaceAll("\\s+", " "));
        return tidy.matches(".*[.!?…]$") ? tidy : tidy + ".";
    }

    /** A label as it reads in a sentence, or null when nothing but spaces and punctuation was given. */
    private static String label(String label) {
        if (label == null) {
            return null;
        }
        String tidy = stripEnd(label);
        return tidy.codePoints().anyMatch(Character::isLetterOrDigit) ? tidy : null;
    }

    private static String stripEnd(String label) {
        return label.strip().replaceAll("\\s+", " ").replaceAll("[\\s.,;:!?…—-]+$", "");
    }

    private static String midSentence(String label) {
        String first = label.split(" ", 2)[0].toLowerCase(Locale.ROOT);
        return DESCRIPTIVE_STARTS.contains(first) ? Character.toLowerCase(label.charAt(0)) + label.substring(1)
                : label;
    }

    private static String capitalised(String text) {
        return text.isEmpty() ? text : Character.toUpperCase(text.charAt(0)) + text.substring(1);
    }
}
