package app.essence.common.legacy;

import java.io.PrintStream;
import java.time.Duration;

/** The console's view of a long import: rows done of all, the rate, the time left; a line every few seconds. */
final class ImportProgress {
    private final String slice;
    private final long total;
    private final PrintStream out;
    private final long every;
    private final long started = System.nanoTime();
    private long lastPrinted = started;

    ImportProgress(String slice, long total, PrintStream out, Duration every) {
        this.slice = slice;
        this.total = total;
        this.out = out;
        this.every = every.toNanos();
    }

    void row(ImportTally tally) {
        long now = System.nanoTime();
        if (now - lastPrinted >= every) {
            lastPrinted = now;
            out.println(line(tally, now));
        }
    }

    void done(ImportTally tally) {
        out.println(line(tally, System.nanoTime()));
    }

    String line(ImportTally tally, long now) {
        double seconds = Math.max(now - started, 1) / 1e9;
        double rate = tally.seen() / seconds;
        long left = total - tally.seen();
        String eta = left <= 0 ? "done" : rate > 0 ? "about " + format(Duration.ofSeconds((long) (left / rate)))
                + " left" : "time left unknown";
        double percent = total == 0 ? 100 : 100.0 * tally.seen() / total;
        return "%s: %d/%d rows (%.1f%%), %.1f rows/s, %s; %s".formatted(slice, tally.seen(), total, percent, rate, eta,
                tally);
    }

    static String format(Duration d) {
        if (d.toHours() > 0) {
            return "%dh%02dm".formatted(d.toHours(), d.toMinutesPart());
        }
        return d.toMinutes() > 0 ? "%dm%02ds".formatted(d.toMinutes(), d.toSecondsPart()) : d.toSeconds() + "s";
    }
}
