package app.essence.messages.speech;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * A text spoken in one piece is kept as the provider encoded it: its MPEG frames are walked (never decoded),
 * counted for the duration (less the encoder delay and padding its LAME header names), and our ID3v2.4 tag
 * replaces any tag it came with. Re-encoding it, as a join of several pieces must, costs a decode and an encode and
 * changes nothing a listener hears. Anything the walk does not recognise as a clean mono stream at the asked rate
 * is left to {@link Mp3Joiner}, which decodes it and says what is wrong.
 */
final class SinglePiece {
    private static final int[][] BITRATES_KBPS = {
            { 0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320 }, // MPEG-1 Layer III
            { 0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160 } }; // MPEG-2/2.5 Layer III
    private static final int[][] SAMPLE_RATES = { { 44100, 48000, 32000 }, { 22050, 24000, 16000 },
            { 11025, 12000, 8000 } };
    private static final int DECODER_DELAY = 529; // what decoders add to the encoder's delay (LAME's convention)

    private SinglePiece() {
    }

    static Optional<Mp3Joiner.Joined> keep(byte[] piece, Mp3Joiner.Mp3Format format, Map<String, String> tags) {
        int start = id3v2Length(piece);
        int end = piece.length >= 128 && piece[piece.length - 128] == 'T' && piece[piece.length - 127] == 'A'
                && piece[piece.length - 126] == 'G' ? piece.length - 128 : piece.length;
        long frames = 0;
        int samplesPerFrame = 0;
        long gapless = 0;
        for (int at = start; at < end;) {
            if (end - at < 4 || (piece[at] & 0xff) != 0xff || (piece[at + 1] & 0xe0) != 0xe0) {
                return Optional.empty();
            }
            int version = (piece[at + 1] >> 3) & 0x3; // 3 MPEG-1, 2 MPEG-2, 0 MPEG-2.5
            int layer = (piece[at + 1] >> 1) & 0x3;
            int bitrateIndex = (piece[at + 2] >> 4) & 0xf;
            int rateIndex = (piece[at + 2] >> 2) & 0x3;
            boolean mono = ((piece[at + 3] >> 6) & 0x3) == 3;
            if (version == 1 || layer != 1 || bitrateIndex == 0 || bitrateIndex == 15 || rateIndex == 3 || !mono) {
                return Optional.empty();
            }
            boolean mpeg1 = version == 3;
            int rate = SAMPLE_RATES[mpeg1 ? 0 : version == 2 ? 1 : 2][rateIndex];
            if (rate != format.sampleRate()) {
                return Optional.empty();
            }
            samplesPerFrame = mpeg1 ? 1152 : 576;
            int length = samplesPerFrame / 8 * BITRATES_KBPS[mpeg1 ? 0 : 1][bitrateIndex] * 1000 / rate
                    + ((piece[at + 2] >> 1) & 0x1);
            if (at + length > end) {
                return Optional.empty();
            }
            int info = at + 4 + (mpeg1 ? 17 : 9); // where a mono frame's side information ends
            if (frames == 0 && at == start && isInfoFrame(piece, info)) {
                gapless = encoderDelayAndPadding(piece, info, at + length);
            } else {
                frames++;
            }
            at += length;
        }
        long samples = frames * samplesPerFrame - gapless;
        if (frames == 0 || samples <= 0) {
            return Optional.empty();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(piece.length + 512);
        out.writeBytes(id3v24(tags));
        out.write(piece, start, end - start);
        return Optional.of(new Mp3Joiner.Joined(out.toByteArray(), samples, format.sampleRate()));
    }

    private static boolean isInfoFrame(byte[] piece, int at) {
        if (at + 8 > piece.length) {
            return false;
        }
        String id = new String(piece, at, 4, StandardCharsets.ISO_8859_1);
        return id.equals("Xing") || id.equals("Info");
    }

    /** Delay plus padding from the LAME header after a Xing/Info header, as decoders trim them; 0 without one. */
    private static long encoderDelayAndPadding(byte[] piece, int xing, int frameEnd) {
        int flags = (piece[xing + 4] & 0xff) << 24 | (piece[xing + 5] & 0xff) << 16 | (piece[xing + 6] & 0xff) << 8
                | (piece[xing + 7] & 0xff);
        int lame = xing + 8 + ((flags & 1) != 0 ? 4 : 0) + ((flags & 2) != 0 ? 4 : 0) + ((flags & 4) != 0 ? 100 : 0)
                + ((flags & 8) != 0 ? 4 : 0);
        if (lame + 24 > frameEnd) {
            return 0;
        }
        String encoder = new String(piece, lame, 4, StandardCharsets.ISO_8859_1);
        if (!encoder.equals("LAME") && !encoder.equals("Lavc") && !encoder.equals("Lavf")) {
            return 0;
        }
        int delay = (piece[lame + 21] & 0xff) << 4 | (piece[lame + 22] & 0xf0) >> 4;
        int padding = (piece[lame + 22] & 0x0f) << 8 | (piece[lame + 23] & 0xff);
        return delay + DECODER_DELAY + Math.max(0, padding - DECODER_DELAY);
    }

    private static int id3v2Length(byte[] piece) {
        if (piece.length < 10 || piece[0] != 'I' || piece[1] != 'D' || piece[2] != '3') {
            return 0;
        }
        int footer = (piece[5] & 0x10) != 0 ? 10 : 0;
        return Math.min(piece.length, 10 + syncsafe(piece, 6) + footer);
    }

    /** An ID3v2.4 tag: a TXXX frame per tag, the one named {@code comment} as the COMM frame players show. */
    static byte[] id3v24(Map<String, String> tags) {
        ByteArrayOutputStream frames = new ByteArrayOutputStream();
        tags.forEach((name, value) -> {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.write(3); // UTF-8
            if (name.equals("comment")) {
                body.writeBytes("eng".getBytes(StandardCharsets.ISO_8859_1));
                body.write(0); // no short description
            } else {
                body.writeBytes(name.getBytes(StandardCharsets.UTF_8));
                body.write(0);
            }
            body.writeBytes(value.getBytes(StandardCharsets.UTF_8));
            frames.writeBytes((name.equals("comment") ? "COMM" : "TXXX").getBytes(StandardCharsets.ISO_8859_1));
            frames.writeBytes(syncsafe(body.size()));
            frames.write(0);
            frames.write(0);
            frames.writeBytes(body.toByteArray());
        });
        ByteArrayOutputStream tag = new ByteArrayOutputStream();
        tag.writeBytes(new byte[] { 'I', 'D', '3', 4, 0, 0 });
        tag.writeBytes(syncsafe(frames.size()));
        tag.writeBytes(frames.toByteArray());
        return tag.toByteArray();
    }

    private static byte[] syncsafe(int size) {
        return new byte[] { (byte) (size >> 21 & 0x7f), (byte) (size >> 14 & 0x7f), (byte) (size >> 7 & 0x7f),
                (byte) (size & 0x7f) };
    }

    private static int syncsafe(byte[] bytes, int at) {
        return (bytes[at] & 0x7f) << 21 | (bytes[at + 1] & 0x7f) << 14 | (bytes[at + 2] & 0x7f) << 7
                | (bytes[at + 3] & 0x7f);
    }
}
