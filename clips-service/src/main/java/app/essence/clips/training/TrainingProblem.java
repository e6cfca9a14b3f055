package app.essence.clips.training;

import app.essence.common.voice.VoiceProviderException;
import java.util.Arrays;
import java.util.Optional;

/**
 * What went wrong with a training, as its user sees it: a stable code a client may switch on, and our own sentence.
 * Never the provider's words, an exception's text or an address: those go to the log, with the training's id.
 */
public enum TrainingProblem {
    PROVIDER_BUSY("provider_busy", "the voice provider is busy; the training tries again shortly"),
    PROVIDER_UNAVAILABLE("provider_unavailable", "the voice provider is unavailable; please try again later"),
    RECORDINGS_UNUSABLE("recordings_unusable", "the voice provider could not use these recordings; re-record the "
            + "clips marked redo_suggested or try again"),
    CREDENTIALS_REFUSED("provider_credentials_refused", "the voice service cannot be used right now (its "
            + "credentials were refused); please try again later"),
    NEEDS_VERIFICATION("voice_needs_verification", "the voice provider holds the new voice back for a manual "
            + "verification; please contact support"),
    PROVIDER_REFUSED("provider_refused", "the voice provider refused the training; please try again later"),
    INTERRUPTED("training_interrupted", "the voice provider did not finish the training after several tries; "
            + "please start it again"),
    TIMED_OUT("training_timed_out", "the training did not finish in time; please start it again"),
    PROFILE_DELETED("profile_deleted", "the profile was deleted");

    private final String code;
    private final String sentence;

    TrainingProblem(String code, String sentence) {
        this.code = code;
        this.sentence = sentence;
    }

    public String code() {
        return code;
    }

    public String sentence() {
        return sentence;
    }

    /** What a failed provider call means for the user: a refusal by its kind, anything else as busy or away. */
    static TrainingProblem of(RuntimeException failure) {
        if (failure instanceof VoiceProviderException.Refused refusal) {
            return switch (refusal.status()) {
                case 400, 422 -> RECORDINGS_UNUSABLE;
                case 401, 403 -> CREDENTIALS_REFUSED;
                default -> refusal.code().equals("requires_verification") ? NEEDS_VERIFICATION : PROVIDER_REFUSED;
            };
        }
        return failure instanceof VoiceProviderException.Busy busy && busy.status() == 429 ? PROVIDER_BUSY
                : PROVIDER_UNAVAILABLE;
    }

    /** A failure as an operator reads it in the log: the provider's own words, or the exception. */
    static String describe(RuntimeException failure) {
        return failure instanceof VoiceProviderException provider ? provider.describe() : failure.toString();
    }

    static Optional<TrainingProblem> ofCode(String code) {
        return Arrays.stream(values()).filter(problem -> problem.code.equals(code)).findFirst();
    }
}
