package app.essence.messages.speech;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/**
 * The account and model reads of the ElevenLabs API (vendor/elevenlabs-openapi.json), which the local engine answers
 * too. Built by {@link ProviderSpeech} with the configured base URL; errors become common-clients'
 * VoiceProviderException. Text-to-speech itself is {@link SpeechCall}: its audio is read with a cap.
 */
@Path("/v1")
public interface TextToSpeechApi {
    String API_KEY_HEADER = "xi-api-key";

    @GET
    @Path("/models")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<List<Model>> models(@HeaderParam(API_KEY_HEADER) String apiKey);

    @GET
    @Path("/user/subscription")
    @Produces(MediaType.APPLICATION_JSON)
    Uni<Subscription> subscription(@HeaderParam(API_KEY_HEADER) String apiKey);

    /** Body_Text_to_speech: the text, and the neighbouring text for continuity when a long text is cut. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record SpeechBody(String text, @JsonProperty("model_id") String modelId,
            @JsonProperty("voice_settings") VoiceSettings voiceSettings,
            @JsonProperty("previous_text") String previousText, @JsonProperty("next_text") String nextText) {
    }

    /** VoiceSettingsResponseModel. */
    record VoiceSettings(double stability, @JsonProperty("similarity_boost") double similarityBoost, double style,
            @JsonProperty("use_speaker_boost") boolean useSpeakerBoost, double speed) {
    }

    /** ModelResponseModel, only what is read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Model(@JsonProperty("model_id") String modelId,
            @JsonProperty("can_do_text_to_speech") Boolean canDoTextToSpeech,
            @JsonProperty("max_characters_request_free_user") Integer freeUserLimit,
            @JsonProperty("max_characters_request_subscribed_user") Integer subscribedUserLimit,
            @JsonProperty("maximum_text_length_per_request") Integer textLengthLimit) {

        /** The most characters one request may carry for an account on this tier; {@code fallback} if none is listed. */
        int characterLimit(String tier, int fallback) {
            Integer byTier = "free".equals(tier) ? freeUserLimit : subscribedUserLimit;
            int limit = Integer.MAX_VALUE;
            for (Integer bound : new Integer[] { byTier, textLengthLimit }) {
                if (bound != null && bound > 0) {
                    limit = Math.min(limit, bound);
                }
            }
            return limit == Integer.MAX_VALUE ? fallback : limit;
        }
    }

    /**
     * ExtendedSubscriptionResponseModel, only what is read: the characters used and allowed this period, and whether
     * the account may go beyond its limit (usage billed on top, up to {@code max_character_limit_extension} if set).
     * Boxed: an answer without them is not an account with nothing left.
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Subscription(String tier, @JsonProperty("character_count") Long characterCount,
            @JsonProperty("character_limit") Long characterLimit,
            @JsonProperty("can_extend_character_limit") Boolean canExtendCharacterLimit,
            @JsonProperty("allowed_to_extend_character_limit") Boolean allowedToExtendCharacterLimit,
            @JsonProperty("max_character_limit_extension") Long maxCharacterLimitExtension) {

        /** Whether the answer says what the account has used and may use. */
        boolean readable() {
            return characterCount != null && characterLimit != null && characterCount >= 0 && characterLimit >= 0;
        }

        long charactersLeft() {
            long left = characterLimit - characterCount;
            if (Boolean.TRUE.equals(canExtendCharacterLimit) && Boolean.TRUE.equals(allowedToExtendCharacterLimit)) {
                if (maxCharacterLimitExtension == null) {
                    return Long.MAX_VALUE;
                }
                left += maxCharacterLimitExtension;
            }
            return Math.max(0, left);
        }
    }
}
