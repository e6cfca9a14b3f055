package app.essence.clips;

import app.essence.clips.prompt.Prompt;
import app.essence.clips.prompt.PromptScript;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The labelled evaluation set of docs/clip-quality.md, made from espeak-ng reading the 25 prompts in several voices
 * and rates. Good takes are levelled from −26 to −16 dBFS RMS with peaks up to −0.5 dBFS (a recorder's limiter
 * holds the hottest ones there), in every accepted format, at 16, 22.05, 44.1 and 48 kHz, mono and stereo, with a
 * quiet room's noise under them or (one in four) the digital silence a browser's noise suppression leaves; hot good
 * takes peak from −1 dBFS to full scale, as recorded or normalised. Bad takes are truly clipped, too quiet (down to a
 * whisper), mostly silence, under noise at 10 dB SNR, cut short, or a reading of a much shorter prompt. The same
 * seed makes the same set.
 */
final class LabelledTakes {
    static final List<String> FORMATS = List.of("wav", "webm", "ogg", "mp3", "m4a");
    static final List<Integer> RATES = List.of(16_000, 22_050, 44_100, 48_000);
    static final List<String> VOICES = List.of("en-us", "en-gb+f3", "en-us+m3", "en+f4", "en-gb-scotland+m2");
    static final List<Integer> WORDS_PER_MINUTE = List.of(140, 175, 210);
    /** Good levels (RMS dBFS of the speech); NaN: normalised to a −0.5 dBFS peak, as an editor would. */
    private static final double[] GOOD_LEVELS = { -26, -24, -22, Double.NaN, -20, -18, -16 };
    private static final double CEILING_DBFS = -0.5;
    /**
     * Hot good takes, peaks from −1 dBFS to full scale (NaN: "as recorded", the case: speech at −19.7 dBFS
     * RMS whose crests a recorder held at −0.0003 dBFS, a handful of samples at full scale); the others normalised
     * to that peak, as an editor's "normalise" does.
     */
    private static final double[] HOT_PEAKS_DBFS = { Double.NaN, 0, -0.1, -1, 0 };
    private static final double AS_RECORDED_RMS_DBFS = -19.7;
    private static final double AS_RECORDED_PEAK_DBFS = -0.0003;
    private static final int SHORT_PROMPT = 6;

    /** A take, what it is (its label) and the verdict reason it deserves. */
    record Take(String label, String expected, int promptIndex, String format, int rate, int channels,
            String voice, int wordsPerMinute, double rmsDbfs, double peakDbfs, byte[] audio) {

        String describe() {
            return "%s %s %d Hz %s prompt %d, %s at %d wpm, %.1f dBFS RMS, peak %.1f dBFS".formatted(label, format,
                    rate, channels == 1 ? "mono" : "stereo", promptIndex, voice, wordsPerMinute, rmsDbfs, peakDbfs);
        }
    }

    /** How a kind of take is made from its prompt's speech; what goes beyond full scale is clipped. */
    private interface Shaping {
        double[] apply(double[] speech, Random random);
    }

    private final List<Prompt> prompts = new PromptScript().all();
    private final Random random = new Random(11);
    private final List<Take> takes = new ArrayList<>();
    private int setup;

    /** Every format, rate and layout twice as good takes, then each bad kind ten times across them. */
    static List<Take> all() {
        LabelledTakes set = new LabelledTakes();
        int setups = FORMATS.size() * RATES.size() * 2;
        for (int i = 0; i < 2 * setups; i++) {
            set.good(i);
        }
        for (int i = 0; i < setups; i++) {
            set.goodWithAHotPeak(i);
        }
        for (int i = 0; i < 10; i++) {
            set.clipped(i);
            set.tooQuiet(i);
            set.mostlySilence(i);
            set.noisy(i);
            set.cutShort(i);
            set.wrongPromptLength(i);
        }
        return set.takes;
    }

    private void good(int i) {
        double level = GOOD_LEVELS[i % GOOD_LEVELS.length];
        add("good", "good", i % 25, i, i, (speech, r) -> {
            double[] levelled = Double.isNaN(level) ? Speech.gain(speech, CEILING_DBFS - Speech.peakDbfs(speech))
                    : Speech.limited(Speech.atLevel(speech, level), CEILING_DBFS);
            return i % 4 == 3 ? levelled : withRoomNoise(levelled, -70 + 12 * r.nextDouble(), r);
        });
    }

    /**
     * Well-levelled speech whose peaks reach −1 dBFS to full scale in every format, rate and layout: resampling and
     * lossy coding then overshoot a few crests to full scale, which is no clipping.
     */
    private void goodWithAHotPeak(int i) {
        double peak = HOT_PEAKS_DBFS[i % HOT_PEAKS_DBFS.length];
        add("good_hot_peak", "good", (i * 13 + 5) % 25, i + 2, i, (speech, r) -> {
            double[] recorded = withRoomNoise(Speech.atLevel(speech, AS_RECORDED_RMS_DBFS), -70 + 10 * r.nextDouble(),
                    r);
            double[] levelled = Double.isNaN(peak) ? Speech.limited(recorded, AS_RECORDED_PEAK_DBFS) : recorded;
            double target = Double.isNaN(peak) ? AS_RECORDED_PEAK_DBFS : peak;
            return Speech.gain(levelled, target - Speech.peakDbfs(levelled));
        });
    }

    /** An overdriven input: the speech would peak 6 to 12 dB above full scale and is cut flat there. */
    private void clipped(int i) {
        add("clipped", "clipped", (i * 7) % 25, i, i * 9 + 1, (speech, r) -> withRoomNoise(
                Speech.gain(speech, 6 + 6 * r.nextDouble() - Speech.peakDbfs(speech)), -60, r));
    }

    /** Far from the microphone, or whispered (espeak-ng's whisper voice) far below any silence threshold. */
    private void tooQuiet(int i) {
        double level = -42 - 2 * i;
        String voice = i % 3 == 2 ? "en-us+whisper" : null;
        add("too_quiet", "too_quiet", (i * 3 + 1) % 25, i, i * 9 + 2, voice, (speech, r) -> withRoomNoise(
                Speech.atLevel(speech, level), level - 35, r));
    }

    /** No reading at all: room noise (or a noise suppressor's zeros), once with one short word in eight seconds. */
    private void mostlySilence(int i) {
        add("mostly_silence", "mostly_silence", (i * 11 + 2) % 25, i, i * 9 + 3, (speech, r) -> {
            double[] room = new double[Speech.RATE * (4 + i % 4)];
            if (i % 5 == 4) {
                double[] word = Speech.atLevel(Speech.spoken("okay", VOICES.get(i % VOICES.size()), 175), -20);
                room = Speech.padded(word, 3000, 8000 - 3000 - word.length * 1000 / Speech.RATE);
            }
            return i % 5 == 3 ? room : withRoomNoise(room, -70 + 3 * i, r);
        });
    }

    /** Speech under steady noise only 10 dB quieter than it. */
    private void noisy(int i) {
        double level = -26 + i % 9;
        add("noisy", "noisy", (i * 5 + 3) % 25, i, i * 9 + 4, (speech, r) -> withRoomNoise(
                Speech.atLevel(speech, level), level - 10, r));
    }

    /** The take stopped after a fifth to a third of the reading (prompts of 12 words and more). */
    private void cutShort(int i) {
        int prompt = 7 + (i * 3) % 18;
        add("cut_short", "too_short", prompt, i, i * 9 + 5, (speech, r) -> withRoomNoise(
                Speech.cutShort(Speech.atLevel(speech, -22), 0.2 + 0.013 * i), -65, r));
    }

    /** The seven-word prompt read for one of twenty words and more, at an ordinary or brisk pace. */
    private void wrongPromptLength(int i) {
        int[] longPrompts = { 14, 17, 18, 21, 22, 23, 24 };
        int prompt = longPrompts[i % longPrompts.length];
        int pace = WORDS_PER_MINUTE.get(1 + i % 2);
        String voice = VOICES.get(i % VOICES.size());
        double[] reading = Speech.spoken(prompts.get(SHORT_PROMPT).promptText(), voice, pace);
        setupFor(i * 9 + 6);
        addShaped("wrong_prompt_length", "too_short", prompt, voice, pace,
                withRoomNoise(Speech.padded(Speech.atLevel(reading, -21), 500, 700), -66, random));
    }

    private void add(String label, String expected, int prompt, int voiceIndex, int setupIndex, Shaping shaping) {
        add(label, expected, prompt, voiceIndex, setupIndex, null, shaping);
    }

    private void add(String label, String expected, int prompt, int voiceIndex, int setupIndex, String voiceOverride,
            Shaping shaping) {
        String voice = voiceOverride != null ? voiceOverride : VOICES.get(voiceIndex % VOICES.size());
        int pace = WORDS_PER_MINUTE.get((voiceIndex / VOICES.size() + voiceIndex) % WORDS_PER_MINUTE.size());
        double[] speech = Speech.padded(Speech.spoken(prompts.get(prompt).promptText(), voice, pace),
                300 + random.nextInt(600), 300 + random.nextInt(900));
        setupFor(setupIndex);
        addShaped(label, expected, prompt, voice, pace, shaping.apply(speech, random));
    }

    /** Picks the recording setup (format, rate, layout) so that every bad kind goes through all of them. */
    private void setupFor(int index) {
        setup = index;
    }

    private void addShaped(String label, String expected, int prompt, String voice, int pace, double[] signal) {
        String format = FORMATS.get(setup % FORMATS.size());
        int rate = RATES.get((setup / FORMATS.size()) % RATES.size());
        int channels = 1 + (setup / (FORMATS.size() * RATES.size()) + setup) % 2;
        short[] pcm = channels == 1 ? Speech.toShorts(signal) : Speech.toShorts(stereo(signal, label));
        byte[] audio = Recordings.encoded(pcm, channels, Speech.RATE, format, rate);
        takes.add(new Take(label, expected, prompt, format, rate, channels, voice, pace,
                Speech.activeRmsDbfs(signal), Speech.peakDbfs(signal), audio));
    }

    /**
     * A stereo microphone: the right channel 2 dB quieter and 0.3 ms later. A clipped take is clipped on the left
     * only (the right is 13 dB down, below full scale), so only a judge that looks at each channel finds it.
     */
    private static double[] stereo(double[] left, String label) {
        double[] right = Speech.gain(left, label.equals("clipped") ? -13 : -2);
        double[] interleaved = new double[left.length * 2];
        int delay = Speech.RATE * 3 / 10_000;
        for (int i = 0; i < left.length; i++) {
            interleaved[2 * i] = left[i];
            interleaved[2 * i + 1] = i >= delay ? right[i - delay] : 0;
        }
        return interleaved;
    }

    private static double[] withRoomNoise(double[] x, double noiseDbfs, Random random) {
        return Speech.mixed(x, Speech.roomNoise(x.length, noiseDbfs, random));
    }
}
