package app.essence.common.legacy;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;

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
        String value = required(column);
        try {
            return UUID.fromString(value.strip());
        } catch (IllegalArgumentException e) {
            throw new RowRefused(RowOutcome.failed("bad-" + column.replace('_', '-'), column + " is not a UUID: "
                    + value));
        }
    }

    public int integer(String column) {
        String value = required(column);
        try {
            return Integer.parseInt(value.strip());
        } catch (NumberFormatException e) {
            throw new RowRefused(RowOutcome.failed("bad-" + column.replace('_', '-'), column + " is not a number: "
                    + value));
        }
    }

    public long number(String column) {
        Object value = values.get(column);
        return value instanceof Number n ? n.longValue() : 0;
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
