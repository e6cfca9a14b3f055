package app.essence.common.legacy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A legacy row's audio, decoded from its base64 column, with the SHA-256 of the decoded bytes that its stored object
 * is verified against. A {@code data:…;base64,} prefix and line breaks are allowed; anything else outside the base64
 * alphabet is bad base64, never skipped over.
 */
public record LegacyAudio(byte[] bytes, String sha256) {
    private static final Pattern DATA_URL = Pattern.compile("^data:[^,]*;base64,");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    public static LegacyAudio decode(String base64) {
        if (base64 == null || base64.isBlank()) {
            throw new RowRefused(RowOutcome.skipped("no-audio", "the row holds no audio"));
        }
        String plain = WHITESPACE.matcher(DATA_URL.matcher(base64.strip()).replaceFirst("")).replaceAll("");
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(plain.getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new RowRefused(RowOutcome.failed("bad-base64", "the audio column is not base64: " + e.getMessage()));
        }
        if (bytes.length == 0) {
            throw new RowRefused(RowOutcome.skipped("no-audio", "the row holds no audio"));
        }
        return new LegacyAudio(bytes, sha256(bytes));
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
}
