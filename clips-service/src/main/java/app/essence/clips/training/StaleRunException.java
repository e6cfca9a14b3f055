package app.essence.clips.training;

/** The run no longer holds its training (the reaper resumed or failed it, or the profile was deleted). */
final class StaleRunException extends RuntimeException {
    StaleRunException(TrainingRun run) {
        super("run " + run.number() + " lost the training and stops");
    }
}
