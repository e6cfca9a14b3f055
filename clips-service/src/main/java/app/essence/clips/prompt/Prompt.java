package app.essence.clips.prompt;

/** One line of the recording script: what the user reads for clip {@code promptIndex}. */
public record Prompt(int promptIndex, int stage, String promptText) {
}
