package app.essence.clips;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.clips.prompt.PromptScript;
import app.essence.clips.quality.AudioAnalyzer;
import app.essence.clips.quality.AudioAnalyzer.UndecodableAudioException;
import app.essence.clips.quality.AudioMeasurements;
import app.essence.clips.quality.QualityConfig;
import app.essence.clips.quality.QualityRules;
import app.essence.clips.quality.QualityVerdict;
import app.essence.common.media.MediaKind;
import app.essence.common.media.Wav;
import app.essence.testing.AudioFixtures;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What the analyzer measures in decoded audio, and what FFmpeg is allowed to do while decoding it. */
class AudioAnalyzerTests {
    private static final String PROMPT = new PromptScript().all().get(3).promptText();
    private static final QualityConfig DEFAULTS = QualityConfigs.defaults();

    private final AudioAnalyzer analyzer = new AudioAnalyzer(DEFAULTS);
    private final QualityRules rules = new QualityRules(DEFAULTS);

    @Test
    void aClippedChannelIsFoundInStereoAndResampledTakesWhoseDownmixIsNotClipped() {
        short[] overdriven = AudioFixtures.voiceLike(4000, -6); // peaks 4 dB beyond full scale, cut flat
        short[] clean = AudioFixtures.voiceLike(4000, -19);
        short[] stereo = new short[overdriven.length * 2];
        short[] downmix = new short[overdriven.length];
        for (int i = 0; i < overdriven.length; i++) {
            stereo[2 * i] = overdriven[i];
            stereo[2 * i + 1] = clean[i];
            downmix[i] = (short) ((overdriven[i] + clean[i]) / 2);
        }
        for (String format : List.of("wav", "webm", "m4a")) {
            byte[] take = Recordings.encoded(stereo, 2, Recordings.RATE, format, 44_100);
            AudioMeasurements m = measure(take);
            assertTrue(m.clippedRatio() > DEFAULTS.maxClippedRatio(), format + " " + m);
            assertEquals("clipped", judge(m).reason(), format);
        }
        AudioMeasurements mixed = measure(Recordings.encoded(downmix, 1, Recordings.RATE, "wav", 44_100));
        assertEquals(0, mixed.clippedRatio(), "the same take mixed to mono shows no flat tops: " + mixed);
    }

    @Test
    void speechPeakingJustBelowFullScaleIsGoodWithAHint() {
        double[] speech = Speech.spoken(PROMPT, "en-us", 175);
        for (double peak : new double[] { -1, -0.1 }) {
            double[] levelled = Speech.gain(speech, peak - Speech.peakDbfs(speech));
            AudioMeasurements m = measure(Recordings.encoded(Speech.toShorts(levelled), 1, Speech.RATE, "wav",
                    Speech.RATE));
            QualityVerdict verdict = judge(m);
            assertEquals("good", verdict.reason(), peak + " dBFS peak: " + m);
            assertTrue(verdict.message().contains("close to the limit"), verdict.message());
        }
    }

    /**
     * Normalised to full scale, then resampled to 44.1/48 kHz or coded lossily: a few crests overshoot and are
     * clamped there for a few samples each, far below the clipped share an overdriven take reaches
     * (aClippedChannelIsFound…).
     */
    @Test
    void speechNormalisedToFullScaleIsGoodWithAHintAtEveryRateAndInLossyFormats() {
        double[] speech = Speech.atLevel(Speech.spoken(PROMPT, "en-gb+f3", 175), -19.7);
        for (double peak : new double[] { 0, -0.0003, -0.1 }) {
            short[] levelled = Speech.toShorts(Speech.gain(speech, peak - Speech.peakDbfs(speech)));
            for (String format : List.of("wav", "mp3", "m4a", "webm")) {
                for (int rate : format.equals("webm") ? List.of(48_000) : List.of(44_100, 48_000)) {
                    AudioMeasurements m = measure(Recordings.encoded(levelled, 1, Speech.RATE, format, rate));
                    QualityVerdict verdict = judge(m);
                    assertEquals("good", verdict.reason(), "%s dBFS peak, %s %d Hz: %s".formatted(peak, format, rate,
                            m));
                    assertTrue(verdict.message().contains("close to the limit"), verdict.message());
                }
            }
        }
    }

    @Test
    void aWhisperFarBelowAnyFixedSilenceThresholdIsTooQuietNotSilence() {
        double[] whisper = Speech.atLevel(Speech.spoken(PROMPT, "en-us+whisper", 150), -60);
        double[] take = Speech.mixed(whisper, Speech.roomNoise(whisper.length, -90, new Random(3)));
        AudioMeasurements m = measure(Recordings.encoded(Speech.toShorts(take), 1, Speech.RATE, "ogg", 48_000));
        assertEquals("too_quiet", judge(m).reason(), m.toString());
        assertTrue(m.silenceRatio() < 0.5, "the whisper is speech: " + m);
        assertEquals(-60, m.rmsDbfs(), 3, "measured over the whispered words");
    }

    /**
     * The demuxer reads no more than the header before decoding starts (AudioAnalyzer's probe size): every accepted
     * kind, mono and stereo, from a file as uploads are judged, is still measured whole, at the level of the WAV.
     */
    @Test
    void everyKindIsMeasuredWholeFromItsHeaderAlone() throws IOException {
        short[] mono = AudioFixtures.voiceLike(3000, -20);
        short[] stereo = new short[mono.length * 2];
        for (int i = 0; i < mono.length; i++) {
            stereo[2 * i] = mono[i];
            stereo[2 * i + 1] = mono[i];
        }
        Double reference = null;
        for (int channels : new int[] { 1, 2 }) {
            for (String format : List.of("wav", "webm", "ogg", "mp3", "m4a", "m4a-indexed-at-the-end")) {
                byte[] take = Recordings.encoded(channels == 1 ? mono : stereo, channels, Recordings.RATE, format,
                        switch (format) { // WAV at the source's rate: FFmpeg's resampler would pad it
                            case "wav" -> Recordings.RATE;
                            case "mp3" -> 22_050;
                            default -> 44_100;
                        });
                Path file = Files.createTempFile("essence-take", ".audio");
                try {
                    Files.write(file, take);
                    AudioMeasurements m = analyzer.analyze(file.toFile(), MediaKind.sniff(take).orElseThrow());
                    String what = format + ", " + channels + " channel(s): " + m;
                    assertEquals(3000, m.durationMs(), 80, what);
                    reference = reference == null ? m.rmsDbfs() : reference; // the mono WAV's
                    assertEquals(reference, m.rmsDbfs(), 1.5, what);
                } finally {
                    Files.delete(file);
                }
            }
        }
    }

    /**
     * An MP3 names its rate and channels only in its audio frames: a cover picture in its ID3 tag, read by FFmpeg
     * as a stream of its own before them, must not keep them from being found.
     */
    @Test
    void anMp3WithACoverPictureIsMeasuredWhole() throws IOException {
        byte[] mp3 = Recordings.encoded(AudioFixtures.voiceLike(3000, -20), "mp3");
        byte[] covered = concat(id3WithCover(), mp3);
        Path file = Files.createTempFile("essence-covered", ".mp3");
        try {
            Files.write(file, covered);
            AudioMeasurements m = analyzer.analyze(file.toFile(), MediaKind.MP3);
            assertEquals(3000, m.durationMs(), 80, m.toString());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void decodingStopsAtItsTimeLimit() throws IOException {
        Path minute = Files.createTempFile("essence-minute", ".wav");
        try {
            Files.write(minute, Wav.mono16(AudioFixtures.voiceLike(60_000, -20), 16_000));
            assertEquals(60_000, analyzer.analyze(minute.toFile(), MediaKind.WAV).durationMs());
            AudioAnalyzer hurried = new AudioAnalyzer(QualityConfigs.with(
                    Map.of("essence.clips.quality.max-decoding-ms", "1")));
            UndecodableAudioException stopped = assertThrows(UndecodableAudioException.class,
                    () -> hurried.analyze(minute.toFile(), MediaKind.WAV));
            assertEquals("decoding_time_limit", stopped.reason());
        } finally {
            Files.delete(minute);
        }
    }

    /** An ID3v2.3 tag holding one APIC frame: a front cover, a PNG's signature and 200 bytes of its body. */
    private static byte[] id3WithCover() {
        byte[] pictureBody = new byte[200];
        new Random(7).nextBytes(pictureBody);
        byte[] picture = concat(new byte[] { (byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' }, pictureBody);
        byte[] head = concat(new byte[] { 0 }, "image/png".getBytes(ISO_8859_1),
                new byte[] { 0, 3, 0 });
        byte[] body = concat(head, picture);
        byte[] frame = concat("APIC".getBytes(ISO_8859_1),
                ByteBuffer.allocate(4).putInt(body.length).array(), new byte[] { 0, 0 }, body);
        int size = frame.length; // syncsafe: seven bits a byte
        byte[] header = { 'I', 'D', '3', 3, 0, 0, (byte) (size >> 21 & 0x7f), (byte) (size >> 14 & 0x7f),
                (byte) (size >> 7 & 0x7f), (byte) (size & 0x7f) };
        return concat(header, frame);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private AudioMeasurements measure(byte[] audio) {
        return analyzer.analyze(new ByteArrayInputStream(audio), MediaKind.sniff(audio).orElseThrow());
    }

    private QualityVerdict judge(AudioMeasurements m) {
        return rules.judge(m, new PromptScript().all().get(3));
    }
}
