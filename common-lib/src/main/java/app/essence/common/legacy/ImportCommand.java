package app.essence.common.legacy;

import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code import-legacy --from postgresql://… [--report FILE] [--drop-columns]} (docs/legacy-import.md): import this
 * service's slice, or, with {@code --drop-columns}, drop the legacy audio column once the last run verified every row.
 */
public record ImportCommand(String from, Optional<Path> report, boolean dropColumns) {
    public static final String NAME = "import-legacy";
    public static final String USAGE = "usage: [PGPASSWORD=…] import-legacy --from postgresql://[user@]host[:port]/db "
            + "[--report FILE] [--drop-columns]";

    public static ImportCommand parse(String... args) {
        if (args.length == 0 || !NAME.equals(args[0])) {
            throw new IllegalArgumentException(USAGE);
        }
        String from = null;
        Path report = null;
        boolean drop = false;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--from" -> from = value(args, ++i);
                case "--report" -> report = Path.of(value(args, ++i));
                case "--drop-columns" -> drop = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
            }
        }
        if (from == null) {
            throw new IllegalArgumentException("--from is required; " + USAGE);
        }
        return new ImportCommand(from, Optional.ofNullable(report), drop);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length || args[i].startsWith("--")) {
            throw new IllegalArgumentException(args[i - 1] + " needs a value; " + USAGE);
        }
        return args[i];
    }
}
