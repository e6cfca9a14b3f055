package app.essence.common.legacy;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** One legacy row's columns as {@link LegacySlice#rowsQuery()} selected them, read leniently and refused plainly. */
public record LegacyRow(String id, Map<String, Object> values) {

    public String text(String column) {
        Object value = values.get(column);
        return value == null ? null : value.toString();
    }

    public String required(String column) {
        String value = text(column);
        if (value == null || value.isBlank()) {
            throw new RowRefused(RowOutcome.failed("missing-" + column.replace('_', '-'), column + " is empty"));
        }
        return value;
    }

    public UUID uuid(String column) {
        return parsed(column, UUID::fromString, "a UUID");
    }

    public int integer(String column) {
        return parsed(column, Integer::parseInt, "a whole number");
    }

    public long number(String column) {
        Object value = values.get(column);
        return value instanceof Number n ? n.longValue() : 0;
    }

    private <T> T parsed(String column, Function<String, T> parse, String what) {
        String value = required(column);
        try {
            return parse.apply(value.strip());
        } catch (IllegalArgumentException e) { // NumberFormatException too
            throw new RowRefused(RowOutcome.failed("bad-" + column.replace('_', '-'), column + " is not " + what
                    + ": " + value));
        }
    }

    /** A time column, or null when the row has none. */
    public Instant instant(String column) {
        Object value = values.get(column);
        if (value instanceof Timestamp t) {
            return t.toInstant();
        }
        if (value instanceof OffsetDateTime t) {
            return t.toInstant();
        }
        return null;
    }
}
