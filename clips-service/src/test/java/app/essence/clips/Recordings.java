package app.essence.clips;

import app.essence.testing.AudioFixtures;
import java.io.ByteArrayOutputStream;
import java.nio.ShortBuffer;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.javacv.FFmpegFrameRecorder;

/**
 * Recordings made by the tests: signals whose loudness, clipping and silence are known by construction, encoded
 * by FFmpeg into each accepted format as a browser or a phone would send them (streamed, so a WebM has no duration
 * in its header).
 */
final class Recordings {
    static final int RATE = AudioFixtures.SAMPLE_RATE;

    private Recordings() {
    }

    /** A steady 200 Hz sine at {@code rmsDbfs}: its peaks are 3 dB above its RMS and nothing clips. */
    static short[] steadyTone(int millis, double rmsDbfs) {
        double[] x = new double[RATE * millis / 1000];
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.sin(2 * Math.PI * 200 * i / RATE);
        }
        return AudioFixtures.scaled(x, rmsDbfs);
    }

    static short[] silence(int millis) {
        return new short[RATE * millis / 1000];
    }

    /** A square wave hard against full scale: every sample clipped. */
    static short[] clipped(int millis) {
        short[] s = new short[RATE * millis / 1000];
        for (int i = 0; i < s.length; i++) {
            s[i] = (i / 40) % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE + 1;
        }
        return s;
    }

    /** The voice-like signal over steady white noise at {@code noiseDbfs}. */
    static short[] voiceOverNoise(int millis, double rmsDbfs, double noiseDbfs) {
        short[] voice = AudioFixtures.voiceLike(millis, rmsDbfs);
        Random random = new Random(7);
        double noise = 32768 * Math.pow(10, noiseDbfs / 20) * Math.sqrt(3); // uniform noise with that RMS
        short[] out = new short[voice.length];
        for (int i = 0; i < voice.length; i++) {
            out[i] = (short) Math.max(-32767, Math.min(32767, voice[i] + noise * (2 * random.nextDouble() - 1)));
        }
        return out;
    }

    /**
     * Encodes with FFmpeg to a file, so the M4A muxer writes its index at the end, after the audio, as a phone's
     * recorder does: a reader must seek to find it.
     */
    static byte[] m4aIndexedAtTheEnd(short[] pcm) {
        try {
            java.io.File file = java.io.File.createTempFile("essence-clip", ".m4a");
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file, 1)) {
                configure(recorder, "ipod", avcodec.AV_CODEC_ID_AAC, RATE);
                recorder.start();
                recorder.recordSamples(RATE, 1, ShortBuffer.wrap(pcm));
                recorder.stop();
            }
            byte[] bytes = java.nio.file.Files.readAllBytes(file.toPath());
            java.nio.file.Files.delete(file.toPath());
            return bytes;
        } catch (Exception e) {
            throw new IllegalStateException("FFmpeg could not write an M4A file", e);
        }
    }

    /** Encodes with FFmpeg: {@code webm} (Opus), {@code ogg} (Opus), {@code mp3}, {@code m4a} (AAC). */
    static byte[] encoded(short[] pcm, String format) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, 1)) {
            switch (format) {
                case "webm" -> configure(recorder, "webm", avcodec.AV_CODEC_ID_OPUS, 48_000);
                case "ogg" -> configure(recorder, "ogg", avcodec.AV_CODEC_ID_OPUS, 48_000);
                case "mp3" -> configure(recorder, "mp3", avcodec.AV_CODEC_ID_MP3, 22_050);
                case "m4a" -> { // fragmented, as a phone or Safari streams it: an index at the end needs seeking
                    configure(recorder, "ipod", avcodec.AV_CODEC_ID_AAC, RATE);
                    recorder.setOption("movflags", "frag_keyframe+empty_moov");
                }
                default -> throw new IllegalArgumentException(format);
            }
            recorder.start();
            recorder.recordSamples(RATE, 1, ShortBuffer.wrap(pcm));
            recorder.stop();
        } catch (Exception e) {
            throw new IllegalStateException("FFmpeg could not encode " + format, e);
        }
        return out.toByteArray();
    }

    private static void configure(FFmpegFrameRecorder recorder, String container, int codec, int rate) {
        recorder.setFormat(container);
        recorder.setAudioCodec(codec);
        recorder.setSampleRate(rate);
        recorder.setAudioChannels(1);
        recorder.setAudioBitrate(64_000);
        recorder.setAudioOption("strict", "experimental");
    }
}
