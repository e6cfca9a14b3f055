package app.essence.common.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.problem.ProblemException;
import app.essence.common.problem.ProblemType;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MediaKindTests {
    /** MPEG-1 layer III, 128 kbit/s, 44.1 kHz. */
    private static final byte[] MPEG1_LAYER3_FRAME = { (byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64 };

    @Test
    void imagesAreRecognisedByTheirBytes() throws IOException {
        assertEquals(MediaKind.PNG, sniff(new byte[] { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0 }));
        assertEquals(MediaKind.JPEG, sniff(new byte[] { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0 }));
        assertEquals(MediaKind.WEBP, sniff("RIFF\u0000\u0000\u0000\u0000WEBPVP8 ".getBytes(StandardCharsets.ISO_8859_1)));
    }

    @Test
    void otherBytesAreNotAnImage() throws IOException {
        var in = new BufferedInputStream(new ByteArrayInputStream("GIF89a....".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(MediaKind.sniff(in, MediaKind.IMAGES).isEmpty());
        assertEquals('G', in.read(), "sniffing leaves the stream at its start");
        assertTrue(MediaKind.sniff(new byte[] { 'R', 'I', 'F', 'F' }).isEmpty());
    }

    @Test
    void audioIsRecognisedByItsBytes() throws IOException {
        assertEquals(MediaKind.WAV, sniffAudio(latin1("RIFF\u0024\u0000\u0000\u0000WAVEfmt ")));
        assertEquals(MediaKind.WEBM, sniffAudio(latin1("\u001A\u0045\u00DF\u00A3\u009F\u0042\u0086\u0081\u0001"
                + "\u0042\u0082\u0084webm")));
        assertEquals(MediaKind.OGG, sniffAudio(latin1("OggS\u0000\u0002")));
        assertEquals(MediaKind.M4A, sniffAudio(latin1("\u0000\u0000\u0000\u0020ftypM4A ")));
        assertEquals(MediaKind.MP3, sniffAudio(concat(id3Tag(0, false), MPEG1_LAYER3_FRAME)));
        assertEquals(MediaKind.MP3, sniffAudio(new byte[] { (byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64 }));
    }

    @Test
    void imagesAndOtherMpegLayersAreNotAudio() throws IOException {
        byte[] jpeg = { (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0 };
        byte[] aacAdts = { (byte) 0xFF, (byte) 0xF1, 0x50, (byte) 0x80 };
        byte[] webp = latin1("RIFF\u0000\u0000\u0000\u0000WEBPVP8 ");
        byte[] heic = latin1("\u0000\u0000\u0000\u0018ftypheic");
        byte[] matroskaVideo = latin1("\u001A\u0045\u00DF\u00A3\u009F\u0042\u0082\u0088matroska");
        for (byte[] head : new byte[][] { jpeg, aacAdts, webp, heic, matroskaVideo }) {
            assertTrue(MediaKind.sniff(new BufferedInputStream(new ByteArrayInputStream(head)), MediaKind.AUDIO)
                    .isEmpty());
        }
    }

    @Test
    void anMp3IsAnId3TagFollowedByAnMpegFrameWhateverTheTagsSize() throws IOException {
        // Larger than BufferedInputStream's 8 KiB buffer: the sniffing reads past it and still resets to the start.
        byte[] mp3 = concat(id3Tag(100_000, false), MPEG1_LAYER3_FRAME, new byte[2000]);
        var in = new BufferedInputStream(new ByteArrayInputStream(mp3));
        assertEquals(MediaKind.MP3, MediaKind.sniff(in, MediaKind.AUDIO).orElseThrow());
        assertEquals('I', in.read(), "sniffing leaves the stream at its start");
        assertEquals(MediaKind.MP3, sniffAudio(concat(id3Tag(300, true), MPEG1_LAYER3_FRAME)), "v2.4 footer");
        byte[] mpeg2 = { (byte) 0xFF, (byte) 0xF3, (byte) 0x84, (byte) 0xC4 };
        assertEquals(MediaKind.MP3, sniffAudio(concat(id3Tag(40, false), mpeg2)));
    }

    @Test
    void anId3TagAloneOrBeforeAnythingButAnMpegFrameIsNotAudio() throws IOException {
        byte[] wav = latin1("RIFF\u0024\u0000\u0000\u0000WAVEfmt ");
        byte[] webm = latin1("\u001A\u0045\u00DF\u00A3\u009F\u0042\u0086\u0081\u0001\u0042\u0082\u0084webm");
        byte[] reservedVersion = { (byte) 0xFF, (byte) 0xEB, (byte) 0x90, 0x64 };
        byte[] badBitrate = { (byte) 0xFF, (byte) 0xFB, (byte) 0xF0, 0x64 };
        byte[] reservedRate = { (byte) 0xFF, (byte) 0xFB, (byte) 0x9C, 0x64 };
        byte[] layer2 = { (byte) 0xFF, (byte) 0xFD, (byte) 0x90, 0x64 };
        for (byte[] behind : new byte[][] { wav, webm, reservedVersion, badBitrate, reservedRate, layer2,
                new byte[64] }) {
            byte[] tagged = concat(id3Tag(20, false), behind);
            assertTrue(MediaKind.sniff(new BufferedInputStream(new ByteArrayInputStream(tagged)), MediaKind.AUDIO)
                    .isEmpty(), () -> "ID3 before " + latin1(behind));
            assertTrue(MediaKind.sniff(tagged).isEmpty());
        }
        // With the footer flag set, the frame must sit after the footer, not where the tag without it would end.
        assertTrue(MediaKind.sniff(concat(Arrays.copyOf(id3Tag(0, true), 10), MPEG1_LAYER3_FRAME)).isEmpty());
        // A size byte with its high bit set is no syncsafe ID3v2 size.
        byte[] notSyncsafe = concat(id3Tag(0, false), MPEG1_LAYER3_FRAME);
        notSyncsafe[9] = (byte) 0x80;
        assertTrue(MediaKind.sniff(notSyncsafe).isEmpty());
    }

    @Test
    void anId3TagLargerThanWhatSniffingLooksPastIsRefusedWithItsReason() {
        byte[] huge = concat(id3Tag(MediaKind.MAX_ID3_TAG_BYTES, false), MPEG1_LAYER3_FRAME);
        ProblemException refused = assertThrows(ProblemException.class, () -> MediaKind.sniff(
                new BufferedInputStream(new ByteArrayInputStream(huge)), MediaKind.AUDIO));
        assertEquals(ProblemType.UNSUPPORTED_MEDIA_TYPE, refused.type());
        assertTrue(refused.getMessage().contains("ID3 tag"), refused.getMessage());
    }

    /** An ID3v2.4 tag of {@code size} bytes (zeros, as padding is), its footer flag set or not. */
    private static byte[] id3Tag(int size, boolean footer) {
        byte[] tag = new byte[10 + size + (footer ? 10 : 0)];
        byte[] header = { 'I', 'D', '3', 4, 0, (byte) (footer ? 0x10 : 0), (byte) ((size >> 21) & 0x7F),
                (byte) ((size >> 14) & 0x7F), (byte) ((size >> 7) & 0x7F), (byte) (size & 0x7F) };
        System.arraycopy(header, 0, tag, 0, header.length);
        if (footer) {
            System.arraycopy(header, 0, tag, tag.length - 10, 10);
            tag[tag.length - 10] = '3';
            tag[tag.length - 9] = 'D';
            tag[tag.length - 8] = 'I';
        }
        return tag;
    }

    private static byte[] concat(byte[]... parts) {
        var out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static String latin1(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static byte[] latin1(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static MediaKind sniffAudio(byte[] head) throws IOException {
        return MediaKind.sniff(new BufferedInputStream(new ByteArrayInputStream(head)), MediaKind.AUDIO).orElseThrow();
    }

    private static MediaKind sniff(byte[] head) throws IOException {
        return MediaKind.sniff(new BufferedInputStream(new ByteArrayInputStream(head)), MediaKind.IMAGES).orElseThrow();
    }
}
