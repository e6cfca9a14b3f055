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

    /**
     * A voice-like signal: a 140 Hz fundamental with falling harmonics, shaped into four syllables a second with
     * short gaps between words, scaled to {@code rmsDbfs}.
     */
    public static short[] voiceLike(int millis, double rmsDbfs) {
        int n = SAMPLE_RATE * millis / 1000;
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / SAMPLE_RATE;
            double pitch = 140 + 20 * Math.sin(2 * Math.PI * 0.7 * t);
            double voiced = 0;
            for (int h = 1; h <= 8; h++) {
                voiced += Math.sin(2 * Math.PI * pitch * h * t) / h;
            }
            double syllable = Math.pow(Math.sin(Math.PI * 4 * t), 2);
            double wordGap = (t % 1.5) > 1.35 ? 0.05 : 1.0;
            x[i] = voiced * syllable * wordGap;
        }
        return scaled(x, rmsDbfs);
    }

    /** Scales a signal to {@code rmsDbfs} as 16-bit samples, clamped at full scale. */
    public static short[] scaled(double[] x, double rmsDbfs) {
        double sum = 0;
        for (double v : x) {
            sum += v * v;
        }
        double gain = 32768 * Math.pow(10, rmsDbfs / 20) / Math.sqrt(sum / x.length);
        short[] s = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = (short) Math.max(-32767, Math.min(32767, Math.round(x[i] * gain)));
        }
        return s;
    }

    /** A 16-bit mono PCM WAV file of these samples at 16 kHz. */
    public static byte[] wav(short[] pcm) {
        return Wav.mono16(pcm, SAMPLE_RATE);
    }

    /**
     * Bytes that start like an MP3 file (an empty ID3v2 tag, then an MPEG-1 layer III frame header) and are otherwise
     * zeros: an MP3 by its first bytes only.
     */
    public static byte[] mp3Header(int size) {
        byte[] bytes = new byte[size];
        System.arraycopy(new byte[] { 'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0, (byte) 0xFF, (byte) 0xFB, (byte) 0x90, 0x64 },
                0, bytes, 0, 14);
        return bytes;
    }
}
