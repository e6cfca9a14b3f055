package app.essence.clips.voice;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What an instant voice clone is made from: a name, a description, labels and the recordings. The label named
 * {@code identityLabel} identifies the voice this request makes, so a retry after an answer that never arrived can
 * find the voice instead of making a second one; {@code mayExistAlready} says an earlier run may have made it.
 */
public record VoiceRequest(String name, String description, Map<String, String> labels, String identityLabel,
        boolean mayExistAlready, List<Sample> samples) {

    public String identity() {
        return labels.get(identityLabel);
    }

    /** One recording, as a local file the multipart body streams from. */
    public record Sample(Path file, String fileName, String mimeType) {
    }
}
