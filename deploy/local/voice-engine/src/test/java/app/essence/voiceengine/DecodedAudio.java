package app.essence.voiceengine;

import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

import java.io.ByteArrayInputStream;
import java.nio.ShortBuffer;

/** Audio bytes decoded back by FFmpeg: what the container says and how many samples it really holds. */
record DecodedAudio(String format, int sampleRate, int channels, long samples, double rms) {

    static DecodedAudio of(byte[] audio) {
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
            return new DecodedAudio(grabber.getFormat(), grabber.getSampleRate(), channels, samples / channels,
                    samples == 0 ? 0 : Math.sqrt(squares / samples));
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

    double seconds() {
        return (double) samples / sampleRate;
    }
}
