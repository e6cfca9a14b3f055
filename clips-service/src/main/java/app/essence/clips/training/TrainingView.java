package app.essence.clips.training;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A profile's latest training as the client sees it. {@code state}: {@code not_started}, {@code training},
 * {@code ready} or {@code failed}; {@code attempts} counts the calls made to the voice provider, retries included.
 * What went wrong is a {@link TrainingProblem}: its code ({@code last_error} for the last failed call,
 * {@code failure_reason_code} for why the training failed) and our sentence for it.
 */
public record TrainingView(
        UUID profileId,
        String state,
        @Schema(nullable = true) UUID trainingId,
        int attempts,
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

    static TrainingView notStarted(UUID profileId) {
        return new TrainingView(profileId, "not_started", null, 0, null, null, null, null, null, null, null, null,
                null, null, null);
    }

    static TrainingView of(TrainingAttempt attempt) {
        String state = switch (attempt.status) {
            case running -> "training";
            case succeeded -> "ready";
            case failed -> "failed";
        };
        Optional<TrainingProblem> lastError = problem(attempt.lastError);
        Optional<TrainingProblem> failure = problem(attempt.failureCode);
        return new TrainingView(attempt.profileId, state, attempt.id, attempt.attempts,
                lastError.map(TrainingProblem::code).orElse(null),
                lastError.map(TrainingProblem::sentence).orElse(null),
                failure.map(TrainingProblem::code).orElse(null),
                failure.map(TrainingProblem::sentence).orElse(null), attempt.voiceId, attempt.clipCount,
                attempt.usableSeconds, attempt.consentStatement, attempt.consentedAt, attempt.startedAt, attempt.finishedAt);
    }

    /** A stored code this version does not know shows as the provider being unavailable, never as stored text. */
    private static Optional<TrainingProblem> problem(String code) {
        return code == null ? Optional.empty()
                : Optional.of(TrainingProblem.ofCode(code).orElse(TrainingProblem.PROVIDER_UNAVAILABLE));
    }
}
