package app.essence.common.media;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The file types ESSENCE accepts, recognised by their first bytes (magic numbers), never by the client's
 * Content-Type.
 */
public enum MediaKind {
    PNG("image/png", "png"),
    JPEG("image/jpeg", "jpg"),
    WEBP("image/webp", "webp"),
    WEBM("audio/webm", "webm"),
    OGG("audio/ogg", "ogg"),
    WAV("audio/wav", "wav"),
    MP3("audio/mpeg", "mp3"),
    M4A("audio/mp4", "m4a");

    /** How many leading bytes {@link #sniff} needs at most. */
    public static final int HEAD_BYTES = 64;
    /** ISO base media brands of audio recordings (iTunes/Apple M4A, browsers' and phones' MP4 audio). */
    private static final Set<String> AUDIO_BRANDS = Set.of("M4A ", "M4B ", "mp41", "mp42", "isom", "iso2", "iso5",
            "iso6", "dash");
    public static final Set<MediaKind> IMAGES = EnumSet.of(PNG, JPEG, WEBP);
    public static final Set<MediaKind> AUDIO = EnumSet.of(WEBM, OGG, WAV, MP3, M4A);

    private final String mimeType;
    private final String extension;

    MediaKind(String mimeType, String extension) {
        this.mimeType = mimeType;
        this.extension = extension;
    }

    public String mimeType() {
        return mimeType;
    }

    public String extension() {
        return extension;
    }

    public static Optional<MediaKind> byExtension(String extension) {
        return Arrays.stream(values()).filter(k -> k.extension.equals(extension)).findFirst();
    }

    /** Reads the head of a stream that supports mark/reset and leaves the stream where it was. */
    public static Optional<MediaKind> sniff(InputStream in, Set<MediaKind> accepted) throws IOException {
        in.mark(HEAD_BYTES);
        byte[] head = in.readNBytes(HEAD_BYTES);
        in.reset();
        return sniff(head).filter(accepted::contains);
    }

    public static Optional<MediaKind> sniff(byte[] head) {
        if (startsWith(head, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return Optional.of(PNG);
        }
        if (startsWith(head, 0, 0xFF, 0xD8, 0xFF)) {
            return Optional.of(JPEG);
        }
        if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'E', 'B', 'P')) {
            return Optional.of(WEBP);
        }
        if (startsWith(head, 0, 'R', 'I', 'F', 'F') && startsWith(head, 8, 'W', 'A', 'V', 'E')) {
            return Optional.of(WAV);
        }
        if (startsWith(head, 0, 0x1A, 0x45, 0xDF, 0xA3) && contains(head, "webm")) { // EBML, DocType webm
            return Optional.of(WEBM);
        }
        if (startsWith(head, 0, 'O', 'g', 'g', 'S')) {
            return Optional.of(OGG);
        }
        if (startsWith(head, 4, 'f', 't', 'y', 'p') && head.length >= 12
                && AUDIO_BRANDS.contains(new String(head, 8, 4, StandardCharsets.ISO_8859_1))) {
            return Optional.of(M4A); // ISO base media: M4A, and Safari's audio/mp4 recordings; not HEIC or AVIF
        }
        if (startsWith(head, 0, 'I', 'D', '3') || isMpegLayer3FrameSync(head)) {
            return Optional.of(MP3);
        }
        return Optional.empty();
    }

    /** An MPEG audio frame header: 11 sync bits, then a version and layer III ({@code 01}) bits. */
    private static boolean isMpegLayer3FrameSync(byte[] head) {
        return head.length >= 2 && (head[0] & 0xFF) == 0xFF && (head[1] & 0xE6) == 0xE2;
    }

    private static boolean contains(byte[] data, String ascii) {
        return new String(data, StandardCharsets.ISO_8859_1).contains(ascii);
    }

    private static boolean startsWith(byte[] data, int offset, int... expected) {
        if (data.length < offset + expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if ((data[offset + i] & 0xFF) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
