package app.essence.clips.training;

import java.util.UUID;

/**
 * A run of a training: its number is the fencing token (an outcome is recorded only by the run that holds the
 * training), and it counts the provider calls it has made, so a retry first looks for a voice its earlier call made.
 */
final class TrainingRun {
    private final UUID trainingId;
    private final int number;
    private final UUID profileId;
    private int calls;

    TrainingRun(UUID trainingId, int number, UUID profileId) {
        this.trainingId = trainingId;
        this.number = number;
        this.profileId = profileId;
    }

    UUID trainingId() {
        return trainingId;
    }

    int number() {
        return number;
    }

    UUID profileId() {
        return profileId;
    }

    /** Counts a call about to be made; answers its number within this run, from 1. */
    int countCall() {
        return ++calls;
    }

    int calls() {
        return calls;
    }
}
