package app.essence.clips.training;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/** Whether a profile's voice is being trained: what other features ask, instead of reading the trainings' table. */
public final class RunningTrainings {
    private RunningTrainings() {
    }

    /**
     * In the caller's transaction; read under the profile's row lock (which starting a training takes too), the
     * answer holds until that transaction ends.
     */
    public static Uni<Boolean> isTraining(UUID profileId) {
        return Training.count("profileId = ?1 and status = ?2", profileId, TrainingStatus.training)
                .map(running -> running > 0);
    }
}
