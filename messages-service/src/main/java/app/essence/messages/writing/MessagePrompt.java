package app.essence.messages.writing;

import app.essence.messages.message.LegacyMessage;

/** What the user gave to write a message from: nothing else may appear in it as a fact. */
public record MessagePrompt(String category, String recipientLabel, String momentLabel, String promptText) {

    public static MessagePrompt of(LegacyMessage message) {
        return new MessagePrompt(message.category, message.recipientLabel, message.momentLabel, message.promptText);
    }
}
