package app.essence.common.legacy;

/**
 * A run's counts. {@code imported} counts every row the ledger holds as imported (this run's and earlier runs'),
 * {@code verified} and {@code unverified} how many of those this run checked against their stored object.
 */
public record ImportTally(long seen, long imported, long skipped, long failed, long verified, long unverified) {

    public static ImportTally none() {
        return new ImportTally(0, 0, 0, 0, 0, 0);
    }

    public ImportTally with(String status, Boolean verifiedOk) {
        return new ImportTally(seen + 1,
                imported + ("imported".equals(status) ? 1 : 0),
                skipped + ("skipped".equals(status) ? 1 : 0),
                failed + ("failed".equals(status) ? 1 : 0),
                verified + (Boolean.TRUE.equals(verifiedOk) ? 1 : 0),
                unverified + (Boolean.FALSE.equals(verifiedOk) ? 1 : 0));
    }

    /** Every row seen, every imported row verified, none failed: the audio column may go. */
    public boolean allVerified(long totalRows) {
        return seen == totalRows && failed == 0 && unverified == 0 && verified == imported;
    }

    @Override
    public String toString() {
        return "%d imported (%d verified, %d not), %d skipped, %d failed".formatted(imported, verified, unverified,
                skipped, failed);
    }
}
