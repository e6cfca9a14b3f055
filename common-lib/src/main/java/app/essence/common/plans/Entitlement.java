package app.essence.common.plans;

/** What one plan allows. */
public record Entitlement(int profiles, int messagesPerMonth, boolean audioDownload, boolean archiveExport) {

    /** The number the plan allows for a counted limit: 1 for a feature it has, 0 for one it has not. */
    public long allowance(PlanLimit limit) {
        return switch (limit) {
            case PROFILES -> profiles;
            case MESSAGES_PER_MONTH -> messagesPerMonth;
            case AUDIO_DOWNLOAD -> audioDownload ? 1 : 0;
            case ARCHIVE_EXPORT -> archiveExport ? 1 : 0;
        };
    }
}
