package app.essence.testing;

import java.io.ByteArrayInputStream;
import java.nio.ShortBuffer;
import java.util.HashMap;
import java.util.Map;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;
import org.bytedeco.javacv.SeekableByteArrayOutputStream;

/**
 * Real MP3 made and read by FFmpeg (libmp3lame, through JavaCV): what a speech provider answers, and what the tests
 * read back, counting decoded samples rather than trusting a header.
 */
public final class Mp3Fixtures {
    private Mp3Fixtures() {
    }

    /** What FFmpeg decodes from an MP3: its rate, channels, samples per channel, ID3 tags and loudness. */
    public record Decoded(String format, int sampleRate, int channels, long samples, Map<String, String> tags,
            double rms) {
        public long durationMs() {
            return Math.round(samples * 1000.0 / sampleRate);
        }
    }

    /**
     * A mono MP3 of a voice-like signal lasting exactly {@code millis} once decoded (it carries a Xing/LAME header
     * with the encoder's delay and padding), at this rate and bitrate.
     */
    public static byte[] speechLike(int millis, int sampleRate, int kilobitsPerSecond) {
        short[] at16k = AudioFixtures.voiceLike(millis, -20);
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        SeekableByteArrayOutputStream out = new SeekableByteArrayOutputStream();
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, 1);
        try {
            recorder.setFormat("mp3");
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_MP3);
            recorder.setSampleRate(sampleRate);
            recorder.setAudioBitrate(kilobitsPerSecond * 1000);
            recorder.start();
            recorder.recordSamples(AudioFixtures.SAMPLE_RATE, 1, ShortBuffer.wrap(at16k));
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("FFmpeg could not encode the MP3 fixture", e);
        } finally {
            try {
                recorder.release();
            } catch (FrameRecorder.Exception e) {
                // released as far as it can be
            }
        }
        return out.toByteArray();
    }

    /** Decodes all of an MP3 (or any audio FFmpeg reads), failing the test if it cannot. */
    public static Decoded decode(byte[] audio) {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(audio));
        try {
            grabber.setSampleMode(FrameGrabber.SampleMode.SHORT);
            grabber.start();
            long samples = 0;
            double squares = 0;
            for (Frame frame = grabber.grabSamples(); frame != null; frame = grabber.grabSamples()) {
                ShortBuffer buffer = (ShortBuffer) frame.samples[0];
                while (buffer.hasRemaining()) {
                    double sample = buffer.get();
                    squares += sample * sample;
                    samples++;
                }
            }
            int channels = grabber.getAudioChannels();
            return new Decoded(grabber.getFormat(), grabber.getSampleRate(), channels, samples / channels,
                    new HashMap<>(grabber.getMetadata()), samples == 0 ? 0 : Math.sqrt(squares / samples));
        } catch (FrameGrabber.Exception e) {
            throw new AssertionError("FFmpeg could not decode the audio", e);
        } finally {
            try {
                grabber.stop();
                grabber.release();
            } catch (FrameGrabber.Exception e) {
                // released as far as it can be
            }
        }
    }
}
