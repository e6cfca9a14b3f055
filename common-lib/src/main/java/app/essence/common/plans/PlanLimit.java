package app.essence.common.plans;

import app.essence.common.problem.ProblemType;

/** What a plan limits; each refusal has its own problem type, so a client knows which limit it met. */
public enum PlanLimit {
    PROFILES(ProblemType.PLAN_LIMIT_PROFILES, "voice profile", "voice profiles"),
    MESSAGES_PER_MONTH(ProblemType.PLAN_LIMIT_MESSAGES_PER_MONTH, "spoken message a month", "spoken messages a month"),
    AUDIO_DOWNLOAD(ProblemType.PLAN_LIMIT_AUDIO_DOWNLOAD, "audio download", "audio download"),
    ARCHIVE_EXPORT(ProblemType.PLAN_LIMIT_ARCHIVE_EXPORT, "archive export", "archive export");

    private final ProblemType problemType;
    private final String one;
    private final String many;

    PlanLimit(ProblemType problemType, String one, String many) {
        this.problemType = problemType;
        this.one = one;
        this.many = many;
    }

    /** "1 voice profile", "3 voice profiles"; a feature's name alone. */
    public String describe(long allowance) {
        return isFeature() ? many : allowance + " " + (allowance == 1 ? one : many);
    }

    public boolean isFeature() {
        return this == AUDIO_DOWNLOAD || this == ARCHIVE_EXPORT;
    }

    public ProblemType problemType() {
        return problemType;
    }

}
