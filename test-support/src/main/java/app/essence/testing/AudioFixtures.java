package app.essence.testing;

import app.essence.common.media.Wav;

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
        return Wav.mono16(pcm, SAMPLE_RATE);
    }

    /** Bytes that start like an MP3 file (an ID3v2 tag) and are otherwise empty: an MP3 by its magic number only. */
    public static byte[] mp3Header(int size) {
        byte[] bytes = new byte[size];
        System.arraycopy(new byte[] { 'I', 'D', '3', 4 }, 0, bytes, 0, 4);
        return bytes;
    }
}
