package app.essence.common.media;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Writes 16-bit mono PCM samples as a WAV file (the canonical 44-byte RIFF header). */
public final class Wav {
    private Wav() {
    }

    public static byte[] mono16(short[] samples, int sampleRate) {
        ByteBuffer data = ByteBuffer.allocate(44 + samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        data.put(ascii("RIFF")).putInt(36 + samples.length * 2).put(ascii("WAVEfmt ")).putInt(16)
                .putShort((short) 1).putShort((short) 1).putInt(sampleRate).putInt(sampleRate * 2)
                .putShort((short) 2).putShort((short) 16).put(ascii("data")).putInt(samples.length * 2);
        for (short sample : samples) {
            data.putShort(sample);
        }
        return data.array();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
