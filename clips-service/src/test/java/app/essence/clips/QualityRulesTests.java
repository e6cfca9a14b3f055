package app.essence.clips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.clips.quality.QualityStatus;
import app.essence.clips.prompt.Prompt;
import app.essence.clips.quality.AudioMeasurements;
import app.essence.clips.quality.QualityConfig;
import app.essence.clips.quality.QualityRules;
import app.essence.clips.quality.QualityVerdict;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The verdict rules on measurements given directly, at their default thresholds (docs/clip-quality.md). */
class QualityRulesTests {
    /** Prompt 3 of the script: twelve words, so at least 2.16 s of speech. */
    private static final Prompt TWELVE_WORDS = new Prompt(3, 1, "I enjoy a slow walk after lunch, when the sun is out.");
    /** Well-levelled speech: −20 dBFS RMS, peaks at −3 dBFS, a quiet room's noise at −62 dBFS. */
    private static final AudioMeasurements LEVELLED = new AudioMeasurements(5000, 4200, -20, -3, 0, 0.3, -62,
            false);

    private final QualityRules rules = new QualityRules(QualityConfigs.defaults());

    @Test
    void aPeakNearFullScaleWithoutClippingIsGoodWithAHintNotARedo() {
        QualityVerdict hot = judge(measured(-20.6, -0.1, 0, -62));
        assertEquals(QualityStatus.good, hot.status());
        assertEquals("good", hot.reason());
        assertTrue(hot.message().contains("close to the limit"), hot.message());
        QualityVerdict normal = judge(LEVELLED);
        assertEquals("clear and usable", normal.message());
    }

    @Test
    void tooLoudComesFromTheSpeechLoudnessAndClippedFromFlatTops() {
        assertEquals("too_loud", judge(measured(-11, -0.5, 0, -60)).reason());
        assertEquals("good", judge(measured(-16, -0.5, 0, -60)).reason());
        assertEquals("clipped", judge(measured(-14, 0, 0.002, -60)).reason());
        assertEquals("good", judge(measured(-18, 0, 0.0004, -60)).reason(), "a few codec overshoots are no clipping");
    }

    @Test
    void ordinaryLevelsPassAndOnlyFarQuieterSpeechIsTooQuiet() {
        for (double rms = -26; rms <= -16; rms++) {
            assertEquals("good", judge(measured(rms, Math.min(-0.5, rms + 17), 0, rms - 35)).reason(), rms + " dBFS");
        }
        assertEquals("good", judge(measured(-34, -16, 0, -70)).reason());
        assertEquals("too_quiet", judge(measured(-36, -18, 0, -70)).reason());
    }

    @Test
    void noiseIsJudgedAgainstTheSpeechNotAgainstFullScale() {
        assertEquals("noisy", judge(measured(-20, -3, 0, -30)).reason(), "10 dB SNR");
        assertEquals("noisy", judge(measured(-30, -12, 0, -45)).reason(), "15 dB SNR, however quiet the noise");
        assertEquals("good", judge(measured(-16, -0.5, 0, -42)).reason(), "26 dB SNR, however loud the noise");
    }

    @Test
    void mostlySilenceIsATakeWithoutSpeechAndShortnessIsMeasuredOnTheSpeech() {
        assertEquals("mostly_silence", judge(new AudioMeasurements(6000, 0, -120, -50, 0, 1.0, -60, false))
                .reason());
        assertEquals("good", judge(new AudioMeasurements(9000, 4000, -24, -6, 0, 0.55, -65, false)).reason(),
                "long pauses around the reading are fine");
        assertEquals("too_short", judge(new AudioMeasurements(9000, 1500, -24, -6, 0, 0.8, -65, false))
                .reason(), "a long file holding half a line of speech");
        assertEquals("too_long", judge(new AudioMeasurements(120_000, 100_000, -24, -6, 0, 0.2, -65, true))
                .reason());
    }

    @Test
    void clippingIsReportedEvenWhenNothingElseWasHeard() {
        assertEquals("clipped", judge(new AudioMeasurements(6000, 0, -120, 0, 1.0, 1.0, 0, false)).reason());
    }

    /** README's ESSENCE_CLIPS_QUALITY_* rows name every threshold with the default the code uses. */
    @Test
    void theReadmeStatesEveryDefault() throws IOException {
        Pattern row = Pattern.compile("^\\| `ESSENCE_CLIPS_QUALITY_([A-Z_]+)` \\| `([^`]+)` \\|", Pattern.MULTILINE);
        Matcher rows = row.matcher(Files.readString(Path.of("../README.md")));
        Map<String, Double> documented = new TreeMap<>();
        while (rows.find()) {
            documented.put(rows.group(1).toLowerCase(Locale.ROOT).replace('_', '-'), Double.valueOf(rows.group(2)));
        }
        QualityConfig config = QualityConfigs.defaults();
        Map<String, Double> defaults = Arrays.stream(QualityConfig.class.getDeclaredMethods())
                .collect(Collectors.toMap(QualityRulesTests::propertyName, m -> value(config, m), (a, b) -> a,
                        TreeMap::new));
        assertEquals(defaults, documented);
        assertFalse(defaults.isEmpty());
    }

    private static String propertyName(Method method) {
        return method.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    private static double value(QualityConfig config, Method method) {
        try {
            return ((Number) method.invoke(config)).doubleValue();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private QualityVerdict judge(AudioMeasurements m) {
        return rules.judge(m, TWELVE_WORDS);
    }

    private static AudioMeasurements measured(double rmsDbfs, double peakDbfs, double clippedRatio,
            double noiseFloorDbfs) {
        return new AudioMeasurements(5000, 4200, rmsDbfs, peakDbfs, clippedRatio, 0.3, noiseFloorDbfs, false);
    }
}
