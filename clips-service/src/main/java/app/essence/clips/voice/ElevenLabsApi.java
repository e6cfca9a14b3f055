package app.essence.clips.voice;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.client.api.ClientMultipartForm;

/**
 * The voice operations of the ElevenLabs API that clips-service uses (vendor/elevenlabs-openapi.json); the local
 * engine answers the same. Built by {@link VoiceProvider} with the configured base URL.
 */
@Path("/v1/voices")
@Produces(MediaType.APPLICATION_JSON)
public interface ElevenLabsApi {
    String API_KEY_HEADER = "xi-api-key";

    /** Instant voice cloning: multipart {@code name}, {@code files} (one part per clip), {@code description}, {@code labels}. */
    @POST
    @Path("/add")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    AddedVoice add(@HeaderParam(API_KEY_HEADER) String apiKey, ClientMultipartForm form);

    @GET
    Voices list(@HeaderParam(API_KEY_HEADER) String apiKey);

    @DELETE
    @Path("/{voiceId}")
    DeletedVoice delete(@HeaderParam(API_KEY_HEADER) String apiKey, @PathParam("voiceId") String voiceId);

    /** AddVoiceIVCResponseModel; the provider may add fields. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AddedVoice(@JsonProperty("voice_id") String voiceId,
            @JsonProperty("requires_verification") boolean requiresVerification) {
    }

    /** GetVoicesResponseModel, only what is read of each voice. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Voices(List<Voice> voices) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Voice(@JsonProperty("voice_id") String voiceId, String name, Map<String, String> labels) {
    }

    /** DeleteVoiceResponseModel. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record DeletedVoice(String status) {
    }
}
