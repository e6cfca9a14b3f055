package app.essence.clips;

import app.essence.testing.AudioFixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ShortBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

/**
 * Recordings made by the tests: signals whose loudness, clipping and silence are known by construction, encoded
 * by FFmpeg into each accepted format as a browser or a phone would send them (streamed, so a WebM has no duration
 * in its header and an M4A is fragmented).
 */
final class Recordings {
    static final int RATE = AudioFixtures.SAMPLE_RATE;

    private Recordings() {
    }

    static short[] silence(int millis) {
        return new short[RATE * millis / 1000];
    }

    /** The voice-like signal overdriven by 6 dB at its peaks: flat tops at full scale in every syllable. */
    static short[] clipped(int millis) {
        return AudioFixtures.voiceLike(millis, -4);
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
        return encoded(pcm, 1, RATE, "m4a-indexed-at-the-end", RATE);
    }

    /** Encodes with FFmpeg: {@code webm} (Opus), {@code ogg} (Opus), {@code mp3}, {@code m4a} (AAC). */
    static byte[] encoded(short[] pcm, String format) {
        return encoded(pcm, 1, RATE, format, format.equals("mp3") ? 22_050 : RATE);
    }

    /**
     * Encodes samples given at {@code sourceRate} (interleaved when stereo) with FFmpeg, which resamples them to
     * {@code rate}: {@code wav} (PCM), {@code webm} and {@code ogg} (Opus, at 48 kHz whatever the source, as
     * browsers send it), {@code mp3}, {@code m4a} (AAC, fragmented as a phone or Safari streams it: no index at
     * the end) or {@code m4a-indexed-at-the-end}.
     */
    static byte[] encoded(short[] interleaved, int channels, int sourceRate, String format, int rate) {
        try {
            if (format.equals("wav") || format.equals("m4a-indexed-at-the-end")) { // written where it can seek back
                Path file = Files.createTempFile("essence-clip", ".audio");
                try {
                    try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), channels)) {
                        record(recorder, interleaved, channels, sourceRate, format, rate);
                    }
                    return Files.readAllBytes(file);
                } finally {
                    Files.delete(file);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, channels)) {
                record(recorder, interleaved, channels, sourceRate, format, rate);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("FFmpeg could not encode " + format, e);
        }
    }

    private static void record(FFmpegFrameRecorder recorder, short[] interleaved, int channels, int sourceRate,
            String format, int rate) throws FrameRecorder.Exception {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        switch (format) {
            case "wav" -> configure(recorder, "wav", avcodec.AV_CODEC_ID_PCM_S16LE, rate);
            case "webm" -> configure(recorder, "webm", avcodec.AV_CODEC_ID_OPUS, 48_000);
            case "ogg" -> configure(recorder, "ogg", avcodec.AV_CODEC_ID_OPUS, 48_000);
            case "mp3" -> configure(recorder, "mp3", avcodec.AV_CODEC_ID_MP3, rate);
            case "m4a" -> {
                configure(recorder, "ipod", avcodec.AV_CODEC_ID_AAC, rate);
                recorder.setOption("movflags", "frag_keyframe+empty_moov");
            }
            case "m4a-indexed-at-the-end" -> configure(recorder, "ipod", avcodec.AV_CODEC_ID_AAC, rate);
            default -> throw new IllegalArgumentException(format);
        }
        recorder.setAudioChannels(channels);
        recorder.start();
        recorder.recordSamples(sourceRate, channels, ShortBuffer.wrap(interleaved));
        recorder.stop();
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
