package app.essence.messages.message;

import app.essence.common.json.MergePatch;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.Validator;
import java.util.Set;

/**
 * Applies a merge patch to a message's writable fields, validated like a new message. Status, audio, provenance,
 * counts and ids are the server's: a patch naming them is refused with 400, never silently applied.
 */
@ApplicationScoped
public class MessagePatcher {
    static final Set<String> WRITABLE = Set.of("title", "category", "recipient_label", "moment_label", "prompt_text",
            "generated_text");

    private final Validator validator;

    public MessagePatcher(Validator validator) {
        this.validator = validator;
    }

    public MessageEdit patched(LegacyMessage message, ObjectNode patch) {
        MergePatch.requireOnly(patch, WRITABLE);
        return MergePatch.validated(validator, new MessageEdit(new MessageFields(
                MergePatch.text(patch, "title", message.title),
                MergePatch.text(patch, "category", message.category),
                MergePatch.text(patch, "recipient_label", message.recipientLabel),
                MergePatch.text(patch, "moment_label", message.momentLabel),
                MergePatch.text(patch, "prompt_text", message.promptText)),
                MergePatch.text(patch, "generated_text", message.generatedText)));
    }
}
