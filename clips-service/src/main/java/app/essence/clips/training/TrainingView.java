package app.essence.clips.training;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A profile's latest training as the client sees it. {@code state}: {@code not_submitted} (none yet, as the profile's
 * {@code voice_model_status} says), then a {@link TrainingStatus}: {@code training}, {@code ready} or {@code failed};
 * {@code provider_calls} counts the calls made to the voice provider, retries included.
 * What went wrong is a {@link TrainingProblem}: its code ({@code last_error} for the last failed call,
 * {@code failure_reason_code} for why the training failed) and our sentence for it.
 */
public record TrainingView(
        UUID profileId,
        String state,
        @Schema(nullable = true) UUID trainingId,
        int providerCalls,
        @Schema(nullable = true) String lastError,
        @Schema(nullable = true) String lastErrorMessage,
        @Schema(nullable = true) String failureReasonCode,
        @Schema(nullable = true) String failureReason,
        @Schema(nullable = true) String voiceId,
        @Schema(nullable = true) Integer clipCount,
        @Schema(nullable = true) BigDecimal usableSeconds,
        @Schema(nullable = true) String consentStatement,
        @Schema(nullable = true) Instant consentedAt,
        @Schema(nullable = true) Instant startedAt,
        @Schema(nullable = true) Instant finishedAt) {

    /** The state before any training, beside the {@link TrainingStatus} names. */
    static final String NOT_SUBMITTED = "not_submitted";

    static TrainingView notSubmitted(UUID profileId) {
        return new TrainingView(profileId, NOT_SUBMITTED, null, 0, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    static TrainingView of(Training training) {
        Optional<TrainingProblem> lastError = problem(training.lastError);
        Optional<TrainingProblem> failure = problem(training.failureCode);
        return new TrainingView(training.profileId, state(training.status), training.id, training.providerCalls,
                lastError.map(TrainingProblem::code).orElse(null),
                lastError.map(TrainingProblem::sentence).orElse(null),
                failure.map(TrainingProblem::code).orElse(null),
                failure.map(TrainingProblem::sentence).orElse(null), training.voiceId, training.clipCount,
                training.usableSeconds, training.consentStatement, training.consentedAt, training.startedAt, training.finishedAt);
    }

    /** The API's words for a training's status, written out so renaming a constant cannot change the API. */
    static String state(TrainingStatus status) {
        return switch (status) {
            case training -> "training";
            case ready -> "ready";
            case failed -> "failed";
        };
    }

    /** A stored code this version does not know shows as the provider being unavailable, never as stored text. */
    private static Optional<TrainingProblem> problem(String code) {
        return code == null ? Optional.empty()
                : Optional.of(TrainingProblem.ofCode(code).orElse(TrainingProblem.PROVIDER_UNAVAILABLE));
    }
}
