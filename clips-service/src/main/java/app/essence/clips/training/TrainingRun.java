package app.essence.clips.training;

import java.util.UUID;

/**
 * A run of a training: its number is the fencing token (an outcome is recorded only by the run that holds the
 * training), and it counts the provider calls it has made, so a retry first looks for a voice its earlier call made,
 * and remembers whether one failed, so its lease is not given back early ({@link TrainingLease#release}).
 */
final class TrainingRun {
    private final UUID trainingId;
    private final int number;
    private final UUID profileId;
    private int calls;
    /** A call of this run failed or got no answer: the provider may still make its voice (docs/voice-training.md). */
    private boolean answerMayBeLost;

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

    /** Known to the run itself, as the training's row may no longer take the run's error (it ended under it). */
    void callFailed() {
        answerMayBeLost = true;
    }

    boolean answerMayBeLost() {
        return answerMayBeLost;
    }
}
