package app.essence.testing;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Audio made by the tests themselves, so every fixture's content is known exactly. */
public final class AudioFixtures {
    public static final int SAMPLE_RATE = 16_000;
    private AudioFixtures() {
    }

    /** A real 16-bit mono PCM WAV file: a 220 Hz tone lasting {@code millis}, sampled at 16 kHz. */
    public static byte[] toneWav(int millis) {
        short[] pcm = new short[SAMPLE_RATE * millis / 1000];
        for (int i = 0; i < pcm.length; i++) {
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 220 * i / SAMPLE_RATE));
        }
        return wav(pcm);
    }

    /** A 16-bit mono PCM WAV file of these samples at 16 kHz. */
    public static byte[] wav(short[] pcm) {
        ByteBuffer data = ByteBuffer.allocate(44 + pcm.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.put(ascii("RIFF")).putInt(36 + pcm.length * 2).put(ascii("WAVEfmt ")).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(SAMPLE_RATE).putInt(SAMPLE_RATE * 2)
                .putShort((short) 2).putShort((short) 16).put(ascii("data")).putInt(pcm.length * 2);
        for (short sample : pcm) {
            data.putShort(sample);
        }
        return data.array();
    }

    /** Bytes that start like an MP3 file (an ID3v2 tag) and are otherwise empty: an MP3 by its magic number only. */
    public static byte[] mp3Header(int size) {
        byte[] bytes = new byte[size];
        System.arraycopy(new byte[] { 'I', 'D', '3', 4 }, 0, bytes, 0, 4);
        return bytes;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
