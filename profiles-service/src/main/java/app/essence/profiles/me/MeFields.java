package app.essence.profiles.me;

import jakarta.validation.constraints.Size;

/** What a user may change about their account here: the name they go by. */
public record MeFields(@Size(max = 100, message = "must be at most 100 characters") String name) {
    public MeFields {
        name = name == null || name.isBlank() ? null : name.strip();
    }
}
