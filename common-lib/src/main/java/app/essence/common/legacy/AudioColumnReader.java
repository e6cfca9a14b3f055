package app.essence.common.legacy;

import java.io.Reader;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * A legacy row's base64 column read a slice at a time ({@code substring(… from ? for ?)}), so a value of any size is
 * never held whole, neither by the driver nor here. A failed read is thrown unchecked, so the decoder never takes it
 * for bad base64: the row's own ({@code unreadable}) or the database's ({@link LegacyUnreachable}).
 */
final class AudioColumnReader extends Reader {
    static final int SLICE = 1 << 20;
    private final PreparedStatement query;
    private final Object key;
    private String slice = "";
    private int position;
    private int next = 1;
    private boolean last;

    private AudioColumnReader(PreparedStatement query, Object key) {
        this.query = query;
        this.key = key;
    }

    /** SQL for {@code query}: a slice of one row's column, from a position, of a length, of the row's key. */
    static String sql(LegacyTable table) {
        return "select substring(" + table.quotedAudio() + "::text from ? for ?) from " + table.quotedTable()
                + " where " + table.quotedId() + " = ?";
    }

    /** The column of the row with {@code key}, or null when it is null. */
    static Reader of(PreparedStatement query, Object key) {
        AudioColumnReader reader = new AudioColumnReader(query, key);
        return reader.fetch() ? reader : null;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        if (position == slice.length() && (last || !fetch() || slice.isEmpty())) {
            return -1;
        }
        int n = Math.min(length, slice.length() - position);
        slice.getChars(position, position + n, buffer, offset);
        position += n;
        return n;
    }

    /** Reads the next slice; false when the column is null. */
    private boolean fetch() {
        try {
            query.setInt(1, next);
            query.setInt(2, SLICE);
            query.setObject(3, key);
            try (ResultSet result = query.executeQuery()) {
                String value = result.next() ? result.getString(1) : null;
                if (value == null) {
                    last = true;
                    slice = "";
                    position = 0;
                    return false;
                }
                slice = value;
                position = 0;
                next += value.length();
                last = value.length() < SLICE;
                return true;
            }
        } catch (SQLException e) {
            if (LegacyUnreachable.isOutage(e)) {
                throw new LegacyUnreachable(e);
            }
            // This row's value cannot be read (a damaged TOAST chunk, a value that is no text): this row fails.
            throw new RowRefused(RowOutcome.failed("unreadable", "the audio column could not be read: "
                    + e.getMessage()));
        }
    }

    @Override
    public void close() {
        // The statement is the run's, used for every row.
    }
}
