package app.essence.common.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MediaKindTests {

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
        assertEquals(MediaKind.MP3, sniffAudio(latin1("ID3\u0004\u0000")));
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
