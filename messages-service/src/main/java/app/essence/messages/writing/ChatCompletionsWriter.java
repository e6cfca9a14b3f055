package app.essence.messages.writing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.faulttolerance.exceptions.BulkheadException;
import org.jboss.logging.Logger;

/**
 * Writes with an OpenAI-compatible chat model. The system prompt forbids invented facts and keeps the user's
 * wording; when the model cannot be used, the draft keeps the template's text and the note says why. The model's
 * raw answers and errors go to the log only.
 */
@ApplicationScoped
public class ChatCompletionsWriter implements TextWriter {
    static final String SYSTEM_PROMPT = """
            You write a short, warm message that a person leaves for someone they love; it will be read aloud in \
            the sender's own voice. Write in the first person, as the sender, speaking to the recipient. Use only \
            the facts the sender gives: never invent names, dates, ages, places, events or memories, and do not \
            add any detail that is not in their words. Keep the sender's own wording wherever you can. Answer with \
            the message only: plain sentences, no title, no quotation marks, no stage directions, no emojis, at \
            most 180 words.""";
    static final int MAX_CHARS = 5000;
    static final String UNAVAILABLE_NOTE = "The writing assistant could not be reached, so this draft frames your "
            + "own words in our standard wording; edit it, or ask for a rewrite later.";
    static final String MISCONFIGURED_NOTE = "The writing assistant is unavailable, so this draft frames your own "
            + "words in our standard wording; edit it, or ask for a rewrite later.";
    static final String REFUSED_NOTE = "The writing assistant could not write this message, so this draft frames "
            + "your own words in our standard wording; edit it as you like.";
    static final String MISCONFIGURED_METRIC = "essence.messages.writer.misconfigured";
    private static final Logger LOG = Logger.getLogger(ChatCompletionsWriter.class);

    private final BoundedChat chat;
    private final TemplateWriter template;
    private final Counter misconfigured;

    public ChatCompletionsWriter(BoundedChat chat, TemplateWriter template, MeterRegistry registry) {
        this.chat = chat;
        this.template = template;
        this.misconfigured = Counter.builder(MISCONFIGURED_METRIC)
                .description("Chat answers that say the text writer is configured wrongly (400, 401, 403, 404)")
                .register(registry);
    }

    @Override
    public WrittenText write(MessagePrompt prompt) {
        try {
            String text = usable(chat.complete(SYSTEM_PROMPT, userPrompt(prompt)));
            return new WrittenText(text, null);
        } catch (ChatCompletions.Misconfigured e) {
            misconfigured.increment();
            LOG.errorf("the text writer is misconfigured (check essence.messages.writer.openai.*), the template's "
                    + "text is used: %s", e.getMessage());
            return new WrittenText(template.write(prompt).text(), MISCONFIGURED_NOTE);
        } catch (BulkheadException e) {
            LOG.warn("the text writer is busy on this instance, the template's text is used");
            return new WrittenText(template.write(prompt).text(), UNAVAILABLE_NOTE);
        } catch (ChatCompletions.Refused e) {
            LOG.warnf("the text writer refused, the template's text is used: %s", e.getMessage());
            return new WrittenText(template.write(prompt).text(), REFUSED_NOTE);
        } catch (RuntimeException e) {
            LOG.warnf("the text writer is unavailable, the template's text is used: %s", e.toString());
            return new WrittenText(template.write(prompt).text(), UNAVAILABLE_NOTE);
        }
    }

    static String userPrompt(MessagePrompt prompt) {
        List<String> lines = new ArrayList<>();
        lines.add("Kind of message: " + prompt.category());
        if (prompt.recipientLabel() != null) {
            lines.add("Who it is for: " + prompt.recipientLabel());
        }
        if (prompt.momentLabel() != null) {
            lines.add("When it is meant to be heard: " + prompt.momentLabel());
        }
        lines.add("What the sender wants to say, in their words: " + prompt.promptText());
        return String.join("\n", lines);
    }

    /** The model's text, tidied; nothing at all, or more than a message holds, is not a message. */
    private static String usable(String text) {
        String tidy = text == null ? "" : text.strip();
        if (tidy.length() > 1 && tidy.startsWith("\"") && tidy.endsWith("\"")) {
            tidy = tidy.substring(1, tidy.length() - 1).strip();
        }
        if (tidy.isEmpty() || tidy.length() > MAX_CHARS) {
            throw new ChatCompletions.Refused("answered " + tidy.length() + " characters");
        }
        return tidy;
    }
}
