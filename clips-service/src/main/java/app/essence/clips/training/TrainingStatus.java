package app.essence.clips.training;

/** Where a training stands; the database enum {@code training_status}. */
public enum TrainingStatus {
    running, succeeded, failed
}
