package app.essence.voiceengine.speech;

import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.FrameRecorder;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.ShortBuffer;

/**
 * One MP3 stream written piece by piece: FFmpeg's libmp3lame through JavaCV, resampling the speech to the format's
 * rate and encoding at its bitrate (docs/stack.md, "Audio"). Given a {@link org.bytedeco.javacv.Seekable} output the
 * muxer goes back at the end to write the Xing/LAME header (frame count, encoder delay and padding), so decoders give
 * exactly the samples spoken; a plain stream, as {@code /stream} sends, gets no such header, as from any live encoder.
 */
final class Mp3Writer implements AutoCloseable {
    private final FFmpegFrameRecorder recorder;
    private final OutputStream out;

    Mp3Writer(OutputStream out, OutputFormat format) throws IOException {
        if (!format.codec().equals("mp3")) {
            throw new IllegalArgumentException(format.specValue() + " is not an MP3 format");
        }
        this.out = out;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // FFmpeg logs to native stderr otherwise
        recorder = new FFmpegFrameRecorder(out, 1);
        recorder.setFormat("mp3");
        recorder.setAudioCodec(avcodec.AV_CODEC_ID_MP3);
        recorder.setSampleRate(format.sampleRate());
        recorder.setAudioBitrate(format.kilobitsPerSecond() * 1000);
        try {
            recorder.start();
        } catch (FrameRecorder.Exception e) {
            release();
            throw new IOException("the MP3 encoder did not start", e);
        }
    }

    /** Encodes one piece of speech (any rate, 16-bit mono after conversion) and pushes what is ready to the output. */
    void write(AudioInputStream speech) throws IOException {
        float rate = speech.getFormat().getSampleRate();
        AudioFormat pcm = new AudioFormat(rate, 16, 1, true, false);
        byte[] bytes = AudioEncoding.readAll(AudioSystem.getAudioInputStream(pcm, speech));
        // an array-backed buffer: JavaCV hands a view buffer's (non-)address to swresample, which crashes
        short[] samples = new short[bytes.length / 2];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asShortBuffer().get(samples);
        try {
            recorder.recordSamples(Math.round(rate), 1, ShortBuffer.wrap(samples));
        } catch (FrameRecorder.Exception e) {
            throw new IOException("the MP3 encoder failed", e);
        }
        out.flush();
    }

    /** Flushes the encoder and ends the stream (writing the Xing/LAME header where the output can seek). */
    @Override
    public void close() throws IOException {
        try {
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("the MP3 encoder could not finish", e);
        } finally {
            release();
        }
    }

    private void release() {
        try {
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            // nothing more to free
        }
    }
}
