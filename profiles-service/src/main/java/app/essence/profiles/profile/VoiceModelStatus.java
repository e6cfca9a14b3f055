package app.essence.profiles.profile;

import com.fasterxml.jackson.annotation.JsonValue;

/** The voice clone's state, set only by training events (docs/data-model.md §2). */
public enum VoiceModelStatus {
    not_submitted, training, ready;

    @JsonValue
    public String json() {
        return name();
    }
}
