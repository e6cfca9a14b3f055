package app.essence.common.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A legacy row's audio, decoded from its base64 column as a stream into a file of its own (never whole in memory),
 * with its size and the SHA-256 of the decoded bytes that its stored object is verified against. A
 * {@code data:…;base64,} prefix, line breaks and spaces are allowed; any other character outside the base64 alphabet,
 * or anything but line breaks and spaces after the padding, is bad base64, never skipped over. Decoding stops past {@code maxBytes}: the row is {@code too-large}.
 */
public final class LegacyAudio implements AutoCloseable {
    private static final int MAX_PREFIX = 256;
    private final Path file;
    private final long size;
    private final String sha256;

    private LegacyAudio(Path file, long size, String sha256) {
        this.file = file;
        this.size = size;
        this.sha256 = sha256;
    }

    /** Decodes {@code base64} (null: the column is null) into a temporary file; {@link #close()} removes it. */
    public static LegacyAudio decode(Reader base64, long maxBytes) {
        Path file;
        try {
            file = Files.createTempFile("legacy-audio-", ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            MessageDigest digest = digest();
            long size = decode(base64, maxBytes, out, digest);
            return new LegacyAudio(file, size, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException | RuntimeException e) {
            deleteQuietly(file);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
    }

    /** The SHA-256 of the decoded column, nothing kept: what verifying an imported row compares. */
    public static String sha256Of(Reader base64, long maxBytes) {
        MessageDigest digest = digest();
        try {
            decode(base64, maxBytes, OutputStream.nullOutputStream(), digest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static long decode(Reader base64, long maxBytes, OutputStream out, MessageDigest digest)
            throws IOException {
        if (base64 == null) {
            throw noAudio();
        }
        long size = 0;
        byte[] buffer = new byte[64 * 1024];
        Base64Characters characters = new Base64Characters(base64);
        try (InputStream decoded = Base64.getDecoder().wrap(characters)) {
            for (int n; (n = decoded.read(buffer)) > 0;) {
                size += n;
                if (size > maxBytes) {
                    throw new RowRefused(RowOutcome.failed("too-large", "the decoded audio is over " + maxBytes
                            + " bytes"));
                }
                digest.update(buffer, 0, n);
                out.write(buffer, 0, n);
            }
            // The JDK's decoder ends at padding and reads no further: whatever follows it must be nothing (or
            // CR, LF, space), or the audio would be cut there and still verify against its own SHA-256.
            if (characters.read() >= 0) {
                throw new BadBase64("characters after the padding at " + characters.position);
            }
        } catch (BadBase64 | IllegalArgumentException e) {
            throw badBase64(e.getMessage());
        } catch (IOException e) {
            // The JDK's decoder says so on a misplaced '=' or a dangling character: the column's content.
            if (e.getCause() == null) {
                throw badBase64(e.getMessage());
            }
            throw e;
        }
        if (size == 0) {
            throw noAudio();
        }
        return size;
    }

    /**
     * SQL that is true exactly when {@link #decode} finds no audio in {@code column}: null, empty, or nothing but a
     * {@code data:…;base64,} prefix, CR, LF and spaces. A query that ranks takes by "holds audio" must say what the
     * decoder says, or an empty newest take would hide an older one that holds audio. Only a value whose first
     * characters are such is read whole.
     */
    public static String noAudioSql(String column) {
        String text = column + "::text";
        String none = "'^(data:[^,]{0," + (MAX_PREFIX - "data:;base64,".length()) + "};base64,)?[\\r\\n ]*$'";
        return "(case when coalesce(octet_length(" + text + "), 0) = 0 then true"
                + " when substring(" + text + " from 1 for " + (MAX_PREFIX + 64) + ") !~ " + none + " then false"
                + " else " + text + " ~ " + none + " end)";
    }

    public long size() {
        return size;
    }

    public String sha256() {
        return sha256;
    }

    /** The decoded bytes, read from the file as they are needed. */
    public InputStream open() throws IOException {
        return Files.newInputStream(file);
    }

    /** The decoded bytes whole: only for audio its slice bounds (a message's MP3 is measured in memory). */
    public byte[] bytes() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        deleteQuietly(file);
    }

    public static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RowRefused noAudio() {
        return new RowRefused(RowOutcome.skipped("no-audio", "the row holds no audio"));
    }

    private static RowRefused badBase64(String why) {
        return new RowRefused(RowOutcome.failed("bad-base64", "the audio column is not base64: " + why));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            file.toFile().deleteOnExit();
        }
    }

    /** A character the column may not hold. */
    private static final class BadBase64 extends IOException {
        BadBase64(String message) {
            super(message);
        }
    }

    /**
     * The column's base64 characters as ASCII bytes for the JDK's streaming decoder: a leading {@code data:…;base64,}
     * dropped, CR, LF and spaces skipped, anything else outside the alphabet refused.
     */
    private static final class Base64Characters extends InputStream {
        private final Reader in;
        private boolean started;
        private long position;
        private String replay = "";

        Base64Characters(Reader in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (!started) {
                started = true;
                skipPrefix();
            }
            for (int c; (c = nextChar()) >= 0;) {
                position++;
                if (c == '\r' || c == '\n' || c == ' ') {
                    continue;
                }
                if (c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '+' || c == '/'
                        || c == '=') {
                    return c;
                }
                throw new BadBase64("character " + describe(c) + " at " + position);
            }
            return -1;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            int n = 0;
            while (n < len) {
                int c = read();
                if (c < 0) {
                    return n == 0 ? -1 : n;
                }
                b[off + n++] = (byte) c;
            }
            return n;
        }

        private int nextChar() throws IOException {
            if (!replay.isEmpty()) {
                char c = replay.charAt(0);
                replay = replay.substring(1);
                return c;
            }
            return in.read();
        }

        /** Drops a leading {@code data:…;base64,}; what is read and is no such prefix is read again as base64. */
        private void skipPrefix() throws IOException {
            StringBuilder head = new StringBuilder();
            for (int c; head.length() < MAX_PREFIX && (c = in.read()) >= 0;) {
                head.append((char) c);
                if (c == ',' || !head.toString().startsWith("data:") && !"data:".startsWith(head.toString())) {
                    break;
                }
            }
            String read = head.toString();
            if (!read.startsWith("data:")) {
                replay = read;
                return;
            }
            if (!read.endsWith(";base64,")) {
                throw new BadBase64("a data: prefix without ;base64,");
            }
            position = read.length();
        }

        private static String describe(int c) {
            return c >= 0x21 && c < 0x7f ? "'" + (char) c + "'" : String.format("U+%04X", c);
        }
    }
}
