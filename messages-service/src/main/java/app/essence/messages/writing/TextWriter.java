package app.essence.messages.writing;

/** Turns what the user gave into the text that will be spoken. */
public interface TextWriter {
    WrittenText write(MessagePrompt prompt);
}
