package app.essence.clips.training;

/**
 * Where a training stands, in the words the API shows ({@code state}, with {@code not_submitted} before any); the
 * database enum {@code training_status}.
 */
public enum TrainingStatus {
    training, ready, failed
}
