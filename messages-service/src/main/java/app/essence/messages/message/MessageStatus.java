package app.essence.messages.message;

/** Where a message is in its life: written, being spoken, spoken, or its speech failed (docs/data-model.md §4). */
public enum MessageStatus {
    draft, generating, ready, failed;

    /** Its words may still change: a draft, or a message whose speech failed. */
    public boolean editable() {
        return this == draft || this == failed;
    }
}
