package app.essence.messages.speech;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.Id3Tags;
import app.essence.testing.Mp3Fixtures;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A piece kept as the provider encoded it: what a decoder hears is unchanged, and it says what it is. */
class SinglePieceTests {
    private static final Mp3Joiner.Mp3Format FORMAT = Mp3Joiner.Mp3Format.parse("mp3_44100_128");
    private static final Map<String, String> TAGS = new LinkedHashMap<>(Map.of("comment",
            "AI-generated speech in a preserved voice", "AI_GENERATED", "true", "ESSENCE_MESSAGE_ID", "m-1"));

    @Test
    void theDurationFromTheFramesIsWhatADecoderCountsAndTheFramesAreUntouched() {
        for (int millis : new int[] { 700, 2300, 9100 }) {
            byte[] piece = Mp3Fixtures.speechLike(millis, 44100, 128);
            Mp3Joiner.Joined kept = SinglePiece.keep(piece, FORMAT, TAGS).orElseThrow();
            Mp3Fixtures.Decoded decoded = Mp3Fixtures.decode(kept.mp3());
            assertEquals(decoded.samples(), kept.samples(), "samples of a " + millis + " ms piece");
            assertEquals(millis, kept.durationMs(), 30); // the fixture rounds to whole frames
            byte[] frames = Arrays.copyOfRange(kept.mp3(), kept.mp3().length - frameBytes(piece), kept.mp3().length);
            assertArrayEquals(Arrays.copyOfRange(piece, piece.length - frameBytes(piece), piece.length), frames);
        }
    }

    @Test
    void theTagReplacesTheProvidersAndPlayersReadIt() {
        byte[] piece = Mp3Fixtures.speechLike(1500, 44100, 128);
        byte[] once = SinglePiece.keep(piece, FORMAT, Map.of("ESSENCE_MESSAGE_ID", "old")).orElseThrow().mp3();
        byte[] twice = SinglePiece.keep(once, FORMAT, TAGS).orElseThrow().mp3();
        assertEquals(Map.of("AI_GENERATED", "true", "ESSENCE_MESSAGE_ID", "m-1"), Id3Tags.userTextFrames(twice));
        Map<String, String> read = Mp3Fixtures.decode(twice).tags();
        assertEquals("m-1", read.get("ESSENCE_MESSAGE_ID"), read.toString());
        assertEquals("AI-generated speech in a preserved voice", read.get("comment"));
    }

    @Test
    void aPieceAtAnotherRateOrNotMp3IsLeftToTheJoin() {
        assertTrue(SinglePiece.keep(Mp3Fixtures.speechLike(1000, 22050, 32), FORMAT, TAGS).isEmpty());
        assertTrue(SinglePiece.keep("{\"detail\":\"not audio\"}".getBytes(), FORMAT, TAGS).isEmpty());
        assertTrue(SinglePiece.keep(new byte[0], FORMAT, TAGS).isEmpty());
        byte[] cut = Mp3Fixtures.speechLike(1000, 44100, 128);
        assertTrue(SinglePiece.keep(Arrays.copyOf(cut, cut.length - 100), FORMAT, TAGS).isEmpty());
    }

    /** The piece's bytes after its own ID3v2 tag, if any. */
    private static int frameBytes(byte[] piece) {
        if (piece[0] == 'I' && piece[1] == 'D' && piece[2] == '3') {
            int size = (piece[6] & 0x7f) << 21 | (piece[7] & 0x7f) << 14 | (piece[8] & 0x7f) << 7 | (piece[9] & 0x7f);
            return piece.length - 10 - size;
        }
        return piece.length;
    }
}
