package app.essence.profiles.profile;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** The only fields a client may write, trimmed; a blank note means no note. */
public record ProfileFields(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most 100 characters") String name,
        @NotBlank(message = "is required") @Size(max = 60, message = "must be at most 60 characters") String relation,
        @Size(max = 2000, message = "must be at most 2000 characters") @Schema(nullable = true) String notes) {

    public ProfileFields {
        name = name == null ? null : name.strip();
        relation = relation == null ? null : relation.strip();
        notes = notes == null || notes.isBlank() ? null : notes.strip();
    }
}
