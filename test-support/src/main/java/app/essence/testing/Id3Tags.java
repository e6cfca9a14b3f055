package app.essence.testing;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads the ID3v2 tag at the start of an MP3 byte by byte, independently of FFmpeg: which frames it holds, and the
 * description and value of each user-defined text frame ({@code TXXX}).
 */
public final class Id3Tags {
    private Id3Tags() {
    }

    /** The {@code TXXX} frames as description → value; empty when the file starts with no ID3v2 tag. */
    public static Map<String, String> userTextFrames(byte[] mp3) {
        Map<String, String> frames = new LinkedHashMap<>();
        if (mp3.length < 10 || mp3[0] != 'I' || mp3[1] != 'D' || mp3[2] != '3') {
            return frames;
        }
        int version = mp3[3];
        int end = Math.min(mp3.length, 10 + syncsafe(mp3, 6));
        int at = 10;
        while (at + 10 <= end && mp3[at] != 0) {
            String id = new String(mp3, at, 4, StandardCharsets.ISO_8859_1);
            int size = version >= 4 ? syncsafe(mp3, at + 4) : plain(mp3, at + 4);
            int body = at + 10;
            if (size < 0 || body + size > end) {
                throw new AssertionError("ID3 frame " + id + " runs past the tag");
            }
            if (id.equals("TXXX") && size > 1) {
                String[] parts = text(mp3, body + 1, size - 1, mp3[body]);
                frames.put(parts[0], parts.length > 1 ? parts[1] : "");
            }
            at = body + size;
        }
        return frames;
    }

    /** Description and value, split at the encoding's terminator. */
    private static String[] text(byte[] bytes, int from, int length, byte encoding) {
        Charset charset = switch (encoding) {
            case 0 -> StandardCharsets.ISO_8859_1;
            case 1 -> StandardCharsets.UTF_16;
            case 2 -> StandardCharsets.UTF_16BE;
            default -> StandardCharsets.UTF_8;
        };
        String all = new String(bytes, from, length, charset);
        return all.replaceAll("\u0000+$", "").split("\u0000", 2);
    }

    private static int syncsafe(byte[] bytes, int at) {
        return (bytes[at] & 0x7f) << 21 | (bytes[at + 1] & 0x7f) << 14 | (bytes[at + 2] & 0x7f) << 7
                | (bytes[at + 3] & 0x7f);
    }

    private static int plain(byte[] bytes, int at) {
        return (bytes[at] & 0xff) << 24 | (bytes[at + 1] & 0xff) << 16 | (bytes[at + 2] & 0xff) << 8
                | (bytes[at + 3] & 0xff);
    }
}
