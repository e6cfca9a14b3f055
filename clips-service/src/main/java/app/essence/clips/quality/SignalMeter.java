package app.essence.clips.quality;

import java.nio.ShortBuffer;
import java.util.Arrays;

/**
 * Measures decoded samples as they arrive, at the recording's own rate: clipping on each channel before any
 * downmix (one clipped channel of a stereo take is found), loudness on the channels' average in 20 ms frames.
 * Speech is told from pauses relative to the take's own level, so a whisper is a quiet take, not a silent one
 * (docs/clip-quality.md).
 */
final class SignalMeter {
    static final double FLOOR_DBFS = -120.0; // digital silence would be -Infinity
    private static final double FULL_SCALE = 32768.0;
    /** At or above -0.3 dBFS: the ceiling a clipped waveform sits on, also after resampling or lossy coding. */
    private static final int CLIP_LEVEL = 31_650;
    /** Consecutive samples at the ceiling that make a flat top; a natural crest touches it once. */
    private static final int CLIP_RUN = 2;
    /** Frames below this hold no sound at all (a browser's noise suppression writes zeros). */
    private static final double DIGITAL_SILENCE_DBFS = -100;
    /** Speech frames are at least this far above the take's quiet frames… */
    private static final double ABOVE_PAUSES_DB = 6;
    /** …and within this range of its loud frames (soft syllable ends still count, room noise does not). */
    private static final double SPEECH_RANGE_DB = 40;
    /**
     * The noise floor is this percentile of the pauses' frame levels: low enough to miss the soft ends of words
     * that fall among the pauses, and counting a noise suppressor's zeros as the silence they are.
     */
    private static final double NOISE_PERCENTILE = 0.25;
    /** A take whose loud frames stand less than this above its quiet ones is steady noise or silence: no speech. */
    private static final double MIN_SPEECH_CONTRAST_DB = 12;

    private final int rate;
    private final int channels;
    private final int frameLength;
    private final long maxSamples;
    private final long[] clipped;
    private final int[] run;
    private double[] frameMeanSquares = new double[256];
    private int frames;
    private double squares;
    private int fill;
    private long samples;
    private int peak;

    SignalMeter(int rate, int channels, int maxDurationMs) {
        this.rate = rate;
        this.channels = channels;
        this.frameLength = Math.max(1, rate / 50);
        this.maxSamples = (long) maxDurationMs * rate / 1000;
        this.clipped = new long[channels];
        this.run = new int[channels];
    }

    boolean full() {
        return samples >= maxSamples;
    }

    long samples() {
        return samples;
    }

    /** Adds a decoder frame: one buffer per channel (planar) or one buffer of interleaved channels. */
    void add(ShortBuffer[] planes) {
        if (planes.length == channels && channels > 1) {
            while (planes[0].hasRemaining() && !full()) {
                int sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += sample(c, planes[c].get());
                }
                addToFrame((double) sum / channels);
            }
            return;
        }
        ShortBuffer interleaved = planes[0];
        while (interleaved.remaining() >= channels && !full()) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += sample(c, interleaved.get());
            }
            addToFrame((double) sum / channels);
        }
    }

    /** Tracks the peak and the runs of samples at the ceiling, on one channel. */
    private int sample(int channel, short s) {
        int magnitude = Math.abs((int) s);
        peak = Math.max(peak, magnitude);
        int sign = Integer.signum(s);
        if (magnitude < CLIP_LEVEL) {
            run[channel] = 0;
        } else {
            run[channel] = Integer.signum(run[channel]) == sign ? run[channel] + sign : sign;
            int length = Math.abs(run[channel]);
            clipped[channel] += length == CLIP_RUN ? CLIP_RUN : length > CLIP_RUN ? 1 : 0;
        }
        return s;
    }

    private void addToFrame(double mixed) {
        samples++;
        squares += mixed * mixed;
        if (++fill == frameLength) {
            if (frames == frameMeanSquares.length) {
                frameMeanSquares = Arrays.copyOf(frameMeanSquares, frames * 2);
            }
            frameMeanSquares[frames++] = squares / frameLength;
            squares = 0;
            fill = 0;
        }
    }

    AudioMeasurements measurements() {
        double[] levels = new double[frames];
        for (int i = 0; i < frames; i++) {
            levels[i] = dbfs(Math.sqrt(frameMeanSquares[i]));
        }
        double[] audible = Arrays.stream(levels).filter(l -> l > DIGITAL_SILENCE_DBFS).sorted().toArray();
        double quiet = percentile(audible, 0.10);
        double loud = percentile(audible, 0.98);
        boolean speech = audible.length > 0 && loud - quiet >= MIN_SPEECH_CONTRAST_DB;
        double threshold = speech ? Math.max(quiet + ABOVE_PAUSES_DB, loud - SPEECH_RANGE_DB) : Double.MAX_VALUE;
        int speechFrames = 0;
        int first = -1;
        int last = -1;
        double speechSquares = 0;
        for (int i = 0; i < frames; i++) {
            if (levels[i] >= threshold) {
                speechFrames++;
                speechSquares += frameMeanSquares[i];
                first = first < 0 ? i : first;
                last = i;
            }
        }
        double[] pauses = Arrays.stream(levels).filter(l -> l < threshold).sorted().toArray();
        double noiseFloor = percentile(pauses, NOISE_PERCENTILE);
        double speechRms = speechFrames == 0 ? FLOOR_DBFS : dbfs(Math.sqrt(speechSquares / speechFrames));
        int speechMs = speechFrames == 0 ? 0 : (last - first + 1) * 20;
        long perChannel = Math.max(1, samples);
        double clippedRatio = Arrays.stream(clipped).max().orElse(0) / (double) perChannel;
        double silenceRatio = frames == 0 ? 1.0 : 1.0 - (double) speechFrames / frames;
        return new AudioMeasurements((int) (samples * 1000 / rate), speechMs, speechRms, dbfs(peak), clippedRatio,
                silenceRatio, noiseFloor, full());
    }

    private static double percentile(double[] sorted, double share) {
        return sorted.length == 0 ? FLOOR_DBFS : sorted[(int) Math.min(sorted.length - 1, share * sorted.length)];
    }

    static double dbfs(double amplitude) {
        return amplitude <= 0 ? FLOOR_DBFS : Math.max(FLOOR_DBFS, 20 * Math.log10(amplitude / FULL_SCALE));
    }
}
