package app.essence.clips.training;

import java.util.UUID;

/**
 * A run of a training: its number is the fencing token (an outcome is recorded only by the run that holds the
 * training); it counts the provider calls it has made, so a retry first looks for a voice its earlier call made, and
 * it knows whether the training's lease must be kept when the run is done, as after a call that failed or got no
 * answer ({@link TrainingLease#release}).
 */
final class TrainingRun {
    private final UUID trainingId;
    private final int number;
    private final UUID profileId;
    private int calls;
    private boolean leaseKept;

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

    /**
     * The training's lease is not given back when this run is done ({@link TrainingLease#release}): its sweep waits
     * for the lease to run out. Kept on the run, as the training's row no longer takes what a run learns once the
     * training ended under it.
     */
    void keepLease() {
        leaseKept = true;
    }

    boolean leaseKept() {
        return leaseKept;
    }
}
