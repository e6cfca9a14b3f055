package app.essence.clips.training;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/**
 * The user's attestation that they have the right and the consent to clone this voice, and the words they agreed
 * to, kept word for word with the time.
 */
public record TrainingRequest(
        @NotNull(message = "must be true: the voice's owner must consent to cloning it")
        @AssertTrue(message = "must be true: the voice's owner must consent to cloning it") Boolean consent,
        @NotBlank(message = "is required: the text the user agreed to")
        @Size(max = 4000, message = "must be at most 4000 characters") String consentStatement) {

    public TrainingRequest {
        consentStatement = consentStatement == null ? null : consentStatement.strip();
    }
}
