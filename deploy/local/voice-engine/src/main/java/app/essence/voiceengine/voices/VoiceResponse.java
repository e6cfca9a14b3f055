package app.essence.voiceengine.voices;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** ElevenLabs' VoiceResponseModel for a stored voice: every required field, and the truth about what speaks. */
public record VoiceResponse(
        String voiceId,
        String name,
        List<VoiceSample> samples,
        String category,
        Map<String, String> labels,
        String description,
        String previewUrl,
        List<String> availableForTiers,
        List<String> highQualityBaseModelIds,
        boolean isOwner,
        boolean isLegacy,
        boolean isMixed,
        long createdAtUnix) {

    static final String NOT_A_CLONE = "Spoken by the ESSENCE local engine with the MaryTTS voice cmu-slt-hsmm;"
            + " not a clone of the recordings.";

    static VoiceResponse of(StoredVoice voice) {
        Map<String, String> labels = new LinkedHashMap<>(voice.labels());
        labels.put("engine", "essence-local");
        labels.put("cloned", "false");
        String description = voice.description() == null || voice.description().isBlank()
                ? NOT_A_CLONE
                : NOT_A_CLONE + " Description given: " + voice.description();
        // "generated", not "cloned": ElevenLabs' category for a voice that no recording was cloned into
        return new VoiceResponse(voice.voiceId(), voice.name(), voice.samples(), "generated", labels, description,
                null, List.of(), List.of(), true, false, false, voice.createdAtUnix());
    }
}
