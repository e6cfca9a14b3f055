package app.essence.messages.writing;

/** A message's text, and a note for the client when it is not what the configured writer wrote (or null). */
public record WrittenText(String text, String note) {
    /** Whether this is the template's text standing in for the configured writer's, which could not be used. */
    public boolean standIn() {
        return note != null;
    }
}
