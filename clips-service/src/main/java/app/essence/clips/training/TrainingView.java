package app.essence.clips.training;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A profile's latest training as the client sees it. {@code state}: {@code not_started}, {@code training},
 * {@code ready} or {@code failed}; {@code attempts} counts the calls made to the voice provider, retries included.
 */
public record TrainingView(
        UUID profileId,
        String state,
        UUID trainingId,
        int attempts,
        String lastError,
        String failureReason,
        String voiceId,
        Integer clipCount,
        BigDecimal usableSeconds,
        String consentStatement,
        Instant consentedAt,
        Instant startedAt,
        Instant finishedAt) {

    static TrainingView notStarted(UUID profileId) {
        return new TrainingView(profileId, "not_started", null, 0, null, null, null, null, null, null, null, null,
                null);
    }

    static TrainingView of(TrainingAttempt attempt) {
        String state = switch (attempt.status) {
            case running -> "training";
            case succeeded -> "ready";
            case failed -> "failed";
        };
        return new TrainingView(attempt.profileId, state, attempt.id, attempt.attempts, attempt.lastError,
                attempt.failureReason, attempt.voiceId, attempt.clipCount, attempt.usableSeconds,
                attempt.consentStatement, attempt.consentedAt, attempt.startedAt, attempt.finishedAt);
    }
}
