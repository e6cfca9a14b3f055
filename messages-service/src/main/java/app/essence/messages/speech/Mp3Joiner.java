package app.essence.messages.speech;

import java.io.ByteArrayInputStream;
import java.nio.Buffer;
import java.util.List;
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
 * The provider's MP3 pieces as one MP3, by FFmpeg through JavaCV (docs/stack.md, "Audio"): every piece decoded,
 * resampled to the output's rate, mono, and encoded again as one stream at the output's bitrate, with ID3 tags.
 * Pieces glued byte by byte would each keep their own header, encoder delay and padding. The output is seekable,
 * so the muxer writes the Xing/LAME header (frame count, delay, padding) and decoders give back exactly what was
 * spoken; the duration is measured by decoding the result and counting its samples. Blocking, CPU-bound: call it
 * from a worker thread.
 */
public final class Mp3Joiner {
    private Mp3Joiner() {
    }

    /** An {@code mp3_<rate>_<kbit/s>} output format of the ElevenLabs API. */
    record Mp3Format(String name, int sampleRate, int kilobitsPerSecond) {
        /** The MP3 formats of the text-to-speech {@code output_format} enum (vendor/elevenlabs-openapi.json). */
        static final List<String> OFFERED = List.of("mp3_22050_32", "mp3_44100_32", "mp3_44100_64", "mp3_44100_96",
                "mp3_44100_128", "mp3_44100_192");

        static Mp3Format parse(String outputFormat) {
            if (!OFFERED.contains(outputFormat)) {
                throw new IllegalArgumentException("essence.speech.output-format must be one of " + OFFERED
                        + ", not " + outputFormat);
            }
            String[] parts = outputFormat.split("_");
            return new Mp3Format(outputFormat, Integer.parseInt(parts[1]), Integer.parseInt(parts[2]));
        }

        int bytesPerSecond() {
            return kilobitsPerSecond * 1000 / 8;
        }
    }

    /** The joined file and how long it plays, from its decoded samples. */
    record Joined(byte[] mp3, long samples, int sampleRate) {
        long durationMs() {
            return Math.round(samples * 1000.0 / sampleRate);
        }
    }

    /** Raised when a piece is not audio FFmpeg can read, or holds none. */
    static final class UnusableAudio extends RuntimeException {
        private final boolean lasting;

        UnusableAudio(String message, Throwable cause) {
            this(message, cause, false);
        }

        /** {@code lasting}: the same request would bring the same audio (it decoded, but to nothing). */
        UnusableAudio(String message, Throwable cause, boolean lasting) {
            super(message, cause);
            this.lasting = lasting;
        }

        boolean lasting() {
            return lasting;
        }
    }

    static Joined join(List<byte[]> pieces, Mp3Format format, Map<String, String> tags) {
        if (pieces.size() == 1) {
            java.util.Optional<Joined> kept = SinglePiece.keep(pieces.get(0), format, tags);
            if (kept.isPresent()) {
                return kept.get();
            }
        }
        avutil.av_log_set_level(avutil.AV_LOG_ERROR); // FFmpeg logs to native stderr otherwise
        SeekableByteArrayOutputStream out = new SeekableByteArrayOutputStream();
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(out, 1);
        long written = 0;
        try {
            recorder.setFormat("mp3");
            recorder.setAudioCodec(avcodec.AV_CODEC_ID_MP3);
            recorder.setSampleRate(format.sampleRate());
            recorder.setAudioBitrate(format.kilobitsPerSecond() * 1000);
            recorder.setMetadata(tags);
            recorder.start();
            for (int i = 0; i < pieces.size(); i++) {
                written += copy(pieces.get(i), i, format.sampleRate(), recorder);
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IllegalStateException("the MP3 encoder failed", e);
        } finally {
            release(recorder);
        }
        byte[] mp3 = out.toByteArray();
        long decoded = count(mp3, format.sampleRate());
        // the Xing/LAME header lets decoders drop the encoder's delay and padding: what was written comes back
        if (Math.abs(decoded - written) > 1152) {
            throw new IllegalStateException("the joined MP3 decodes to " + decoded + " samples, " + written
                    + " were encoded");
        }
        return new Joined(mp3, decoded, format.sampleRate());
    }

    /** Decodes a piece into the recorder at the output's rate, mono; answers the samples it held. */
    private static long copy(byte[] piece, int index, int sampleRate, FFmpegFrameRecorder recorder)
            throws FrameRecorder.Exception {
        FFmpegFrameGrabber grabber = grabber(piece, sampleRate);
        long samples = 0;
        try {
            grabber.start();
            for (Frame frame = grabber.grabSamples(); frame != null; frame = grabber.grabSamples()) {
                Buffer buffer = frame.samples == null ? null : frame.samples[0];
                if (buffer != null && buffer.remaining() > 0) {
                    samples += buffer.remaining();
                    recorder.recordSamples(sampleRate, 1, buffer);
                }
            }
        } catch (FrameGrabber.Exception e) {
            throw new UnusableAudio("piece " + index + " is not audio FFmpeg can read", e);
        } finally {
            release(grabber);
        }
        if (samples == 0) {
            throw new UnusableAudio("piece " + index + " holds no audio", null, true);
        }
        return samples;
    }

    /**
     * How long an MP3 plays, from its decoded samples (a legacy message's audio, docs/legacy-import.md); empty when
     * FFmpeg cannot read it or it holds no audio.
     */
    public static java.util.OptionalLong durationMs(byte[] mp3) {
        int rate = 44_100;
        try {
            long samples = count(mp3, rate);
            return samples == 0 ? java.util.OptionalLong.empty()
                    : java.util.OptionalLong.of(Math.round(samples * 1000.0 / rate));
        } catch (UnusableAudio e) {
            return java.util.OptionalLong.empty();
        }
    }

    /** The samples an MP3 decodes to, per channel, at this rate. */
    static long count(byte[] mp3, int sampleRate) {
        FFmpegFrameGrabber grabber = grabber(mp3, sampleRate);
        long samples = 0;
        try {
            grabber.start();
            for (Frame frame = grabber.grabSamples(); frame != null; frame = grabber.grabSamples()) {
                if (frame.samples != null) {
                    samples += frame.samples[0].remaining();
                }
            }
        } catch (FrameGrabber.Exception e) {
            throw new UnusableAudio("the joined MP3 cannot be read back", e);
        } finally {
            release(grabber);
        }
        return samples;
    }

    private static FFmpegFrameGrabber grabber(byte[] audio, int sampleRate) {
        // the InputStream constructor can mark and reset, which probing needs (docs/stack.md)
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(new ByteArrayInputStream(audio));
        grabber.setFormat("mp3");
        grabber.setSampleMode(FrameGrabber.SampleMode.SHORT);
        grabber.setSampleRate(sampleRate);
        grabber.setAudioChannels(1);
        return grabber;
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.stop();
            grabber.release();
        } catch (FrameGrabber.Exception e) {
            // released as far as it can be
        }
    }

    private static void release(FFmpegFrameRecorder recorder) {
        try {
            recorder.release();
        } catch (FrameRecorder.Exception e) {
            // released as far as it can be
        }
    }
}
