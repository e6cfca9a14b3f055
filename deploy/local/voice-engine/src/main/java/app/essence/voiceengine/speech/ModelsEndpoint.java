package app.essence.voiceengine.speech;

import app.essence.voiceengine.http.Call;

import java.io.IOException;
import java.util.List;

/** {@code GET /v1/models}: the engine's one model, in ElevenLabs' ModelResponseModel with all its required fields. */
public final class ModelsEndpoint {
    public static final String MODEL_ID = "essence_local_marytts";

    record Language(String languageId, String name) {
    }

    record ModelRates(double characterCostMultiplier) {
    }

    record Model(
            String modelId,
            String name,
            String description,
            boolean canBeFinetuned,
            boolean canDoTextToSpeech,
            boolean canDoVoiceConversion,
            boolean canUseStyle,
            boolean canUseSpeakerBoost,
            boolean servesProVoices,
            double tokenCostFactor,
            boolean requiresAlphaAccess,
            int maxCharactersRequestFreeUser,
            int maxCharactersRequestSubscribedUser,
            int maximumTextLengthPerRequest,
            List<Language> languages,
            ModelRates modelRates,
            String concurrencyGroup) {
    }

    // nothing is billed on this machine: the cost factors are 0
    private static final Model LOCAL = new Model(MODEL_ID, "ESSENCE local engine (MaryTTS " + Speaker.VOICE + ")",
            "English speech from MaryTTS on this machine, one voice for every voice id; it does not clone voices.",
            false, true, false, false, false, false, 0, false,
            TextToSpeechEndpoint.MAX_CHARACTERS, TextToSpeechEndpoint.MAX_CHARACTERS,
            TextToSpeechEndpoint.MAX_CHARACTERS, List.of(new Language("en", "English")), new ModelRates(0),
            "standard");

    public void list(Call call) throws IOException {
        call.json(200, List.of(LOCAL));
    }
}
