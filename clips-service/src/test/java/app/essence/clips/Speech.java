package app.essence.clips;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Real speech for the quality tests: espeak-ng (a Debian package, installed by .ci/run) reading a prompt in a
 * voice and at a rate, as samples from −1 to 1 at {@link #RATE}; and what happens to speech on its way into a
 * file: gain, a recorder's limiter, room noise, clipping, a take stopped early.
 */
final class Speech {
    static final int RATE = 22_050;
    private static final Map<String, double[]> SPOKEN = new ConcurrentHashMap<>();

    private Speech() {
    }

    /** {@code text} read by espeak-ng's {@code voice} at {@code wordsPerMinute}; fails when espeak-ng is missing. */
    static double[] spoken(String text, String voice, int wordsPerMinute) {
        return SPOKEN.computeIfAbsent(voice + "|" + wordsPerMinute + "|" + text,
                k -> synthesize(text, voice, wordsPerMinute)).clone();
    }

    private static double[] synthesize(String text, String voice, int wordsPerMinute) {
        Process espeak;
        try {
            espeak = new ProcessBuilder("espeak-ng", "-v", voice, "-s", String.valueOf(wordsPerMinute), "--stdout",
                    text).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IllegalStateException("espeak-ng is needed for the clip quality evaluation: "
                    + "apt-get install -y espeak-ng (.ci/run does it)", e);
        }
        try (InputStream out = espeak.getInputStream()) {
            byte[] wav = out.readAllBytes();
            if (espeak.waitFor() != 0 || wav.length <= 44) {
                throw new IllegalStateException("espeak-ng could not read \"" + text + "\" with voice " + voice);
            }
            return pcm16(wav);
        } catch (IOException e) {
            throw new IllegalStateException("espeak-ng's output could not be read", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The samples of espeak-ng's 16-bit mono WAV (its header's sizes are unset when it writes to a pipe). */
    private static double[] pcm16(byte[] wav) {
        ByteBuffer data = ByteBuffer.wrap(wav).order(ByteOrder.LITTLE_ENDIAN);
        int offset = 12;
        while (offset + 8 <= wav.length && !"data".equals(new String(wav, offset, 4))) {
            offset += 8 + data.getInt(offset + 4);
        }
        int start = offset + 8;
        double[] x = new double[(wav.length - start) / 2];
        for (int i = 0; i < x.length; i++) {
            x[i] = data.getShort(start + 2 * i) / 32768.0;
        }
        return x;
    }

    /** The RMS in dBFS of the 20 ms frames within 40 dB of the loudest: the level of the speech, not its pauses. */
    static double activeRmsDbfs(double[] x) {
        int frame = RATE / 50;
        double loudest = 0;
        for (int f = 0; f + frame <= x.length; f += frame) {
            loudest = Math.max(loudest, meanSquare(x, f, frame));
        }
        double sum = 0;
        int frames = 0;
        for (int f = 0; f + frame <= x.length; f += frame) {
            double ms = meanSquare(x, f, frame);
            if (ms >= loudest * 1e-4) {
                sum += ms;
                frames++;
            }
        }
        return 10 * Math.log10(sum / frames);
    }

    static double peakDbfs(double[] x) {
        double peak = 0;
        for (double v : x) {
            peak = Math.max(peak, Math.abs(v));
        }
        return 20 * Math.log10(peak);
    }

    private static double meanSquare(double[] x, int from, int length) {
        double sum = 0;
        for (int i = from; i < from + length; i++) {
            sum += x[i] * x[i];
        }
        return sum / length;
    }

    /** Scaled so that its speech is at {@code rmsDbfs}. */
    static double[] atLevel(double[] x, double rmsDbfs) {
        return gain(x, rmsDbfs - activeRmsDbfs(x));
    }

    static double[] gain(double[] x, double db) {
        double g = Math.pow(10, db / 20);
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] * g;
        }
        return y;
    }

    /**
     * A recorder's look-ahead limiter: peaks above {@code ceilingDbfs} are turned down smoothly over 1 ms around
     * them, as phones and browsers do; nothing is cut flat.
     */
    static double[] limited(double[] x, double ceilingDbfs) {
        double ceiling = Math.pow(10, ceilingDbfs / 20);
        int reach = RATE / 1000;
        double[] need = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            need[i] = Math.abs(x[i]) > ceiling ? ceiling / Math.abs(x[i]) : 1;
        }
        double[] held = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            double min = 1;
            for (int j = Math.max(0, i - reach); j <= Math.min(x.length - 1, i + reach); j++) {
                min = Math.min(min, need[j]);
            }
            held[i] = min;
        }
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) { // each average is of gains no larger than this sample needs
            double sum = 0;
            int n = 0;
            for (int j = Math.max(0, i - reach); j <= Math.min(x.length - 1, i + reach); j++) {
                sum += held[j];
                n++;
            }
            y[i] = x[i] * Math.min(sum / n, need[i]);
        }
        return y;
    }

    /** 16-bit samples; what lies beyond full scale is cut flat there, as an overdriven input does. */
    static short[] toShorts(double[] x) {
        short[] s = new short[x.length];
        for (int i = 0; i < x.length; i++) {
            s[i] = (short) Math.round(Math.max(-32767, Math.min(32767, x[i] * 32768)));
        }
        return s;
    }

    /** Room noise at {@code rmsDbfs}: white noise through a gentle low-pass (rooms hum more than they hiss). */
    static double[] roomNoise(int length, double rmsDbfs, Random random) {
        double[] n = new double[length];
        double state = 0;
        for (int i = 0; i < length; i++) {
            state = 0.7 * state + 0.3 * random.nextGaussian();
            n[i] = state;
        }
        double sum = 0;
        for (double v : n) {
            sum += v * v;
        }
        return gain(n, rmsDbfs - 10 * Math.log10(sum / length));
    }

    static double[] mixed(double[] a, double[] b) {
        double[] y = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            y[i] = a[i] + (i < b.length ? b[i] : 0);
        }
        return y;
    }

    /** The first {@code share} of the speech, the take stopped there (no silence after). */
    static double[] cutShort(double[] x, double share) {
        int first = 0;
        while (first < x.length && Math.abs(x[first]) < 1e-3) {
            first++;
        }
        int last = x.length - 1;
        while (last > first && Math.abs(x[last]) < 1e-3) {
            last--;
        }
        double[] y = new double[first + (int) ((last - first) * share)];
        System.arraycopy(x, 0, y, 0, y.length);
        return y;
    }

    /** Silence of {@code millis} around the speech, as a user leaves before and after reading. */
    static double[] padded(double[] x, int beforeMillis, int afterMillis) {
        double[] y = new double[x.length + (beforeMillis + afterMillis) * RATE / 1000];
        System.arraycopy(x, 0, y, beforeMillis * RATE / 1000, x.length);
        return y;
    }
}
