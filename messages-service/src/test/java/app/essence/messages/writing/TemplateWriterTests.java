package app.essence.messages.writing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The offline writer's rules: warm, deterministic, and no fact that the user did not give. */
class TemplateWriterTests {
    private final TemplateWriter writer = new TemplateWriter();

    @Test
    void framesTheUsersWordsForTheMomentAndTheRecipient() {
        String text = writer.write(new MessagePrompt("encouragement", "My daughter", "When you need courage",
                "you were always braver than you believed")).text();
        assertEquals("When you need courage — this is for you. My daughter, I want you to hear this. You were always "
                + "braver than you believed. You are stronger than you know, and I believe in you. With all my love.",
                text);
    }

    @Test
    void aBirthdayMessageNamesTheRecipientAsTheUserWroteIt() {
        assertEquals("Happy birthday, my son. Stay curious! I hope this year brings you joy. With all my love.",
                writer.write(new MessagePrompt("birthday", "My son", null, "stay curious!")).text());
        assertEquals("Happy birthday, Anna. Stay curious. I hope this year brings you joy. With all my love.",
                writer.write(new MessagePrompt("birthday", "Anna", null, "stay   curious")).text());
        assertEquals("Happy birthday. Stay curious. I hope this year brings you joy. With all my love.",
                writer.write(new MessagePrompt("birthday", null, null, "stay curious")).text());
    }

    @Test
    void aLabelOfOnlyPunctuationIsNoLabel() {
        assertEquals("I want to thank you. You listened. Thank you, with all my heart. With all my love.",
                writer.write(new MessagePrompt("gratitude", " ... ", "—", "you listened")).text());
        assertEquals("Happy birthday. Stay curious. I hope this year brings you joy. With all my love.",
                writer.write(new MessagePrompt("birthday", "!", null, "stay curious")).text());
    }

    @Test
    void theSameInputAlwaysGivesTheSameText() {
        MessagePrompt prompt = new MessagePrompt("apology", "Dad", "On a quiet evening", "I should have called");
        assertEquals(writer.write(prompt), writer.write(prompt));
    }

    @Test
    void everyCategoryIsWarmAndInventsNoNameDateOrPlace() {
        // Any capitalised word or number in the text comes from the user's input or the template's own sentences.
        Set<String> templateWords = Set.of("happy", "i", "there", "thank", "keep", "you", "with");
        for (String category : List.of("birthday", "encouragement", "apology", "gratitude", "other")) {
            MessagePrompt prompt = new MessagePrompt(category, "Grandpa", "In June", "remember Lisbon");
            String text = writer.write(prompt).text();
            Set<String> given = words((prompt.recipientLabel() + " " + prompt.momentLabel() + " "
                    + prompt.promptText()).toLowerCase(java.util.Locale.ROOT));
            for (String word : words(text)) {
                boolean stated = Character.isUpperCase(word.charAt(0)) || Character.isDigit(word.charAt(0));
                String plain = word.toLowerCase(java.util.Locale.ROOT);
                assertTrue(!stated || given.contains(plain) || templateWords.contains(plain),
                        category + ": '" + word + "' is a fact the user did not give: " + text);
            }
            assertTrue(text.endsWith("With all my love."), text);
        }
    }

    private static Set<String> words(String text) {
        return Arrays.stream(text.split("[^\\p{L}\\p{N}']+")).filter(w -> !w.isEmpty())
                .collect(Collectors.toCollection(HashSet::new));
    }
}
