package app.essence.common.storage;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** An inclusive byte range of an object of known size, as HTTP Range asks for it. */
public record ByteRange(long first, long last) {
    private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    public static ByteRange whole(long size) {
        return new ByteRange(0, size - 1);
    }

    public long length() {
        return last - first + 1;
    }

    public String contentRange(long size) {
        return "bytes " + first + "-" + last + "/" + size;
    }

    /**
     * Reads one {@code Range} header against an object of {@code size} bytes: empty when the header is absent
     * or not a single byte range (the whole object is served then), {@link Unsatisfiable} when it cannot be met.
     */
    public static Optional<ByteRange> parse(String header, long size) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = SINGLE_RANGE.matcher(header.trim());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            return Optional.empty();
        }
        try {
            if (m.group(1).isEmpty()) {
                long suffix = Long.parseLong(m.group(2));
                if (suffix == 0 || size == 0) {
                    throw new Unsatisfiable(size);
                }
                return Optional.of(new ByteRange(Math.max(0, size - suffix), size - 1));
            }
            long first = Long.parseLong(m.group(1));
            if (!m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return Optional.empty(); // invalid, so ignored (RFC 9110 §14.2): the whole object is served
            }
            long last = m.group(2).isEmpty() ? size - 1 : Math.min(Long.parseLong(m.group(2)), size - 1);
            if (first >= size) {
                throw new Unsatisfiable(size);
            }
            return Optional.of(new ByteRange(first, last));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** The Range header asks for bytes the object does not have (HTTP 416). */
    public static class Unsatisfiable extends RuntimeException {
        private final long size;

        public Unsatisfiable(long size) {
            super("the object has " + size + " bytes", null, false, false);
            this.size = size;
        }

        /** The value of the 416 answer's Content-Range header. */
        public String contentRange() {
            return "bytes */" + size;
        }
    }
}
