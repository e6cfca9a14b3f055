package app.essence.clips;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.clips.prompt.Prompt;
import app.essence.clips.quality.AudioMeasurements;
import app.essence.clips.quality.QualityRules;
import app.essence.clips.quality.QualityStatus;
import app.essence.clips.quality.QualityVerdict;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each threshold of the quality verdict at its default (docs/clip-quality.md), just below it, at it and just above
 * it, with the reason and the sentence the verdict gives. No service and no database: the rules alone.
 */
class QualityThresholdsTests {
    /** Twelve words: at 180 ms a word, 2,160 ms of speech is enough. */
    private static final Prompt TWELVE_WORDS = new Prompt(3, 1, "I enjoy a slow walk after lunch, when the sun is out.");

    private final QualityRules rules = new QualityRules(QualityConfigs.defaults());

    @ParameterizedTest(name = "clipped ratio {0}: {1}")
    @CsvSource({"0.0009, good", "0.001, good", "0.0011, clipped"})
    void moreThanATenthOfAPercentInFlatTopsIsClipped(double clippedRatio, String reason) {
        assertVerdict(reason, "speak a little softer", measured(-20, -3, clippedRatio, 0.3, -62, 4200));
    }

    @ParameterizedTest(name = "silence ratio {0}: {1}")
    @CsvSource({"0.89, good", "0.9, good", "0.91, mostly_silence"})
    void moreThanNinetyPercentOfFramesWithoutSpeechIsMostlySilence(double silenceRatio, String reason) {
        assertVerdict(reason, "we could not hear you reading", measured(-20, -3, 0, silenceRatio, -62, 4200));
    }

    @ParameterizedTest(name = "{0} ms of speech for twelve words: {1}")
    @CsvSource({"2159, too_short", "2160, good", "2161, good"})
    void lessThan180MillisecondsOfSpeechPerWordIsTooShort(int speechMs, String reason) {
        assertVerdict(reason, "please read the whole line", measured(-20, -3, 0, 0.3, -62, speechMs));
    }

    @ParameterizedTest(name = "speech at {0} dBFS: {1}")
    @CsvSource({"-35.1, too_quiet", "-35, good", "-34.9, good"})
    void speechBelowMinus35DbfsIsTooQuiet(double rmsDbfs, String reason) {
        assertVerdict(reason, "move closer to the microphone", measured(rmsDbfs, rmsDbfs + 17, 0, 0.3, -70, 4200));
    }

    @ParameterizedTest(name = "speech at {0} dBFS: {1}")
    @CsvSource({"-12.1, good", "-12, good", "-11.9, too_loud"})
    void speechAboveMinus12DbfsIsTooLoud(double rmsDbfs, String reason) {
        assertVerdict(reason, "move a little further", measured(rmsDbfs, -2, 0, 0.3, -62, 4200));
    }

    @ParameterizedTest(name = "speech {0} dB above the noise floor: {1}")
    @CsvSource({"19.9, noisy", "20, good", "20.1, good"})
    void speechLessThan20DbAboveItsPausesIsNoisy(double snrDb, String reason) {
        assertVerdict(reason, "record in a quieter room", measured(-20, -3, 0, 0.3, -20 - snrDb, 4200));
    }

    @ParameterizedTest(name = "peak at {0} dBFS: hint {1}")
    @CsvSource({"-1.1, false", "-1, false", "-0.9, true"})
    void aPeakAboveMinusOneDbfsKeepsTheTakeGoodAndAddsAHint(double peakDbfs, boolean hint) {
        QualityVerdict verdict = rules.judge(measured(-20, peakDbfs, 0, 0.3, -62, 4200), TWELVE_WORDS);
        assertEquals(QualityStatus.good, verdict.status());
        assertEquals("good", verdict.reason());
        assertEquals(hint, verdict.message().contains("close to the limit"), verdict.message());
    }

    @ParameterizedTest(name = "truncated {0}: {1}")
    @CsvSource({"false, good", "true, too_long"})
    void aTakeLongerThanTheLongestMeasuredIsTooLong(boolean truncated, String reason) {
        AudioMeasurements m = new AudioMeasurements(120_000, 100_000, -20, -3, 0, 0.3, -62, truncated);
        assertVerdict(reason, "please read just this line", m);
    }

    /** A redo gives its reason with its own sentence; anything else is good and clear. */
    private void assertVerdict(String reason, String redoSentence, AudioMeasurements measured) {
        QualityVerdict verdict = rules.judge(measured, TWELVE_WORDS);
        assertEquals(reason, verdict.reason());
        if (reason.equals("good")) {
            assertEquals(QualityStatus.good, verdict.status());
            assertEquals("clear and usable", verdict.message());
        } else {
            assertEquals(QualityStatus.redo_suggested, verdict.status());
            assertTrue(verdict.message().contains(redoSentence), verdict.message());
        }
    }

    private static AudioMeasurements measured(double rmsDbfs, double peakDbfs, double clippedRatio,
            double silenceRatio, double noiseFloorDbfs, int speechMs) {
        return new AudioMeasurements(5000, speechMs, rmsDbfs, peakDbfs, clippedRatio, silenceRatio, noiseFloorDbfs,
                false);
    }
}
