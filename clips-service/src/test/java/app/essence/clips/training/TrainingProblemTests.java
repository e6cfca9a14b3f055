package app.essence.clips.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import app.essence.common.voice.VoiceProviderException;
import jakarta.ws.rs.ProcessingException;
import java.net.ConnectException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a failed provider call means for the user: a code and our sentence, never the provider's words. */
class TrainingProblemTests {

    @Test
    void unusableRecordingsAreA400Or422() {
        assertEquals(TrainingProblem.RECORDINGS_UNUSABLE, TrainingProblem.of(refused(400, "invalid_audio")));
        assertEquals(TrainingProblem.RECORDINGS_UNUSABLE, TrainingProblem.of(refused(422, "value_error")));
    }

    @Test
    void refusedCredentialsAreA401Or403() {
        assertEquals(TrainingProblem.CREDENTIALS_REFUSED, TrainingProblem.of(refused(401, "invalid_api_key")));
        assertEquals(TrainingProblem.CREDENTIALS_REFUSED, TrainingProblem.of(refused(403, "quota_exceeded")));
    }

    @Test
    void aVoiceHeldForVerificationIsSaidSo() {
        assertEquals(TrainingProblem.NEEDS_VERIFICATION, TrainingProblem.of(refused(200, "requires_verification")));
    }

    @Test
    void anyOtherRefusalIsTheProviderRefusing() {
        assertEquals(TrainingProblem.PROVIDER_REFUSED, TrainingProblem.of(refused(404, "not_found")));
        assertEquals(TrainingProblem.PROVIDER_REFUSED, TrainingProblem.of(refused(200, "no_voice_id")));
    }

    @Test
    void a429IsBusyAndA5xxOrNoAnswerIsUnavailable() {
        assertEquals(TrainingProblem.PROVIDER_BUSY,
                TrainingProblem.of(new VoiceProviderException.Busy(429, "too_many_requests", "slow down")));
        assertEquals(TrainingProblem.PROVIDER_UNAVAILABLE,
                TrainingProblem.of(new VoiceProviderException.Busy(503, "unavailable", "down")));
        assertEquals(TrainingProblem.PROVIDER_UNAVAILABLE,
                TrainingProblem.of(new ProcessingException(new ConnectException("Connection refused"))));
    }

    @Test
    void theSentenceNeverCarriesTheProvidersWords() {
        String providerWords = "The uploaded audio could not be used for cloning";
        TrainingProblem problem = TrainingProblem.of(new VoiceProviderException.Refused(422, "value_error",
                providerWords));
        assertFalse(problem.sentence().contains(providerWords));
        assertFalse(problem.sentence().contains("value_error"));
    }

    @Test
    void aStoredCodeIsReadBackAndAnUnknownOneIsNot() {
        for (TrainingProblem problem : TrainingProblem.values()) {
            assertEquals(Optional.of(problem), TrainingProblem.ofCode(problem.code()));
        }
        assertEquals(Optional.empty(), TrainingProblem.ofCode("a_code_of_a_later_version"));
    }

    private static VoiceProviderException.Refused refused(int status, String code) {
        return new VoiceProviderException.Refused(status, code, "the provider's own words");
    }
}
