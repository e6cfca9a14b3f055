package app.essence.messages.writing;

import jakarta.enterprise.context.ApplicationScoped;

/** The writer configuration chose ({@code essence.messages.writer.kind}); the template writer unless told otherwise. */
@ApplicationScoped
public class MessageWriter {
    private final TextWriter chosen;

    public MessageWriter(WriterConfig config, TemplateWriter template, ChatCompletionsWriter chat) {
        String kind = config.kind().orElse(WriterConfig.TEMPLATE);
        this.chosen = switch (kind) {
            case WriterConfig.TEMPLATE -> template;
            case "openai" -> chat;
            default -> throw new IllegalStateException("essence.messages.writer.kind must be template or openai, not "
                    + kind);
        };
    }

    public WrittenText write(MessagePrompt prompt) {
        return chosen.write(prompt);
    }
}
