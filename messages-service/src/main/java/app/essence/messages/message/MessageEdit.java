package app.essence.messages.message;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** A message's client-writable fields after a patch, checked like a new message; the spoken text as well. */
public record MessageEdit(@Valid MessageFields fields,
        @NotBlank(message = "is required") @Size(max = 5000, message = "must be at most 5000 characters")
        String generatedText) {

    public MessageEdit {
        generatedText = generatedText == null ? null : generatedText.strip();
    }
}
