package app.essence.common.media;

import java.io.IOException;
import java.io.InputStream;
import app.essence.common.problem.ProblemException;
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
    /**
     * The largest ID3v2 tag {@link #sniff(InputStream, Set)} looks past to the MPEG frame behind it: a recorder's tag
     * is a few hundred bytes, one with cover art some hundred kilobytes; a larger one is refused, not guessed at.
     */
    public static final int MAX_ID3_TAG_BYTES = 256 * 1024;
    private static final int ID3_HEADER_BYTES = 10;
    private static final int MPEG_FRAME_HEADER_BYTES = 4;
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

    /**
     * Reads the head of a stream that supports mark/reset and leaves the stream where it was. When MP3 is accepted
     * and the stream starts with an ID3v2 tag, the head read reaches past the tag to the first MPEG frame header
     * (a {@link java.io.BufferedInputStream} grows its buffer to the mark's limit).
     *
     * @throws ProblemException 415 when an ID3 tag is larger than {@link #MAX_ID3_TAG_BYTES}
     */
    public static Optional<MediaKind> sniff(InputStream in, Set<MediaKind> accepted) throws IOException {
        byte[] head = peek(in, HEAD_BYTES);
        int tag = id3TagLength(head);
        if (tag > 0 && accepted.contains(MP3)) {
            if (tag > MAX_ID3_TAG_BYTES) {
                throw ProblemException.unsupportedMediaType(("an MP3's ID3 tag (its title, cover art…) may hold at "
                        + "most %d KiB before the audio; this one holds %d bytes").formatted(MAX_ID3_TAG_BYTES / 1024,
                        tag));
            }
            head = peek(in, tag + MPEG_FRAME_HEADER_BYTES);
        }
        return sniff(head).filter(accepted::contains);
    }

    private static byte[] peek(InputStream in, int length) throws IOException {
        in.mark(length);
        byte[] head = in.readNBytes(length);
        in.reset();
        return head;
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
        int tag = id3TagLength(head);
        if (isMpegLayer3FrameHeader(head, Math.max(tag, 0))) {
            return Optional.of(MP3); // an ID3 tag alone names nothing: any file can follow it
        }
        return Optional.empty();
    }

    /**
     * The length of the ID3v2 tag the head starts with: its 10-byte header, the syncsafe size (four bytes of seven
     * bits) and the 10-byte footer when its flag is set; 0 without a tag, -1 for a header that is no ID3v2 tag.
     */
    private static int id3TagLength(byte[] head) {
        if (!startsWith(head, 0, 'I', 'D', '3')) {
            return 0;
        }
        if (head.length < ID3_HEADER_BYTES || (head[3] & 0xFF) == 0xFF || (head[4] & 0xFF) == 0xFF) {
            return -1;
        }
        int size = 0;
        for (int i = 6; i < ID3_HEADER_BYTES; i++) {
            if ((head[i] & 0x80) != 0) {
                return -1;
            }
            size = (size << 7) | head[i];
        }
        boolean footer = (head[5] & 0x10) != 0;
        return ID3_HEADER_BYTES + size + (footer ? ID3_HEADER_BYTES : 0);
    }

    /**
     * An MPEG audio layer III frame header at {@code offset}: 11 sync bits, a version other than the reserved
     * {@code 01}, layer bits {@code 01}, a bitrate index other than the invalid {@code 1111} and a sample rate
     * index other than the reserved {@code 11}.
     */
    private static boolean isMpegLayer3FrameHeader(byte[] head, int offset) {
        if (offset < 0 || head.length < offset + MPEG_FRAME_HEADER_BYTES) {
            return false;
        }
        int b1 = head[offset + 1] & 0xFF;
        int b2 = head[offset + 2] & 0xFF;
        return (head[offset] & 0xFF) == 0xFF && (b1 & 0xE0) == 0xE0 && (b1 & 0x18) != 0x08 && (b1 & 0x06) == 0x02
                && (b2 & 0xF0) != 0xF0 && (b2 & 0x0C) != 0x0C;
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
