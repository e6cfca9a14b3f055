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

    private static MediaKind sniff(byte[] head) throws IOException {
        return MediaKind.sniff(new BufferedInputStream(new ByteArrayInputStream(head)), MediaKind.IMAGES).orElseThrow();
    }
}
