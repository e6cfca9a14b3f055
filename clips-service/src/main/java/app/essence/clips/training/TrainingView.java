package app.essence.clips.training;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;

/**
 * A profile's latest training as the client sees it. {@code state}: {@code not_started}, {@code training},
 * {@code ready} or {@code failed}; {@code attempts} counts the calls made to the voice provider, retries included.
 */
public record TrainingView(
        @JsonProperty("profile_id") UUID profileId,
        String state,
        @JsonProperty("training_id") UUID trainingId,
        int attempts,
        @JsonProperty("last_error") String lastError,
        @JsonProperty("failure_reason") String failureReason,
        @JsonProperty("voice_id") String voiceId,
        @JsonProperty("clip_count") Integer clipCount,
        @JsonProperty("usable_seconds") BigDecimal usableSeconds,
        @JsonProperty("consent_statement") String consentStatement,
        @JsonProperty("consented_at") Instant consentedAt,
        @JsonProperty("started_at") Instant startedAt,
        @JsonProperty("finished_at") Instant finishedAt) {

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
