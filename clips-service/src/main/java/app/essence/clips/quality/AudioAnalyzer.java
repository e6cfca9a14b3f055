package app.essence.clips.quality;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.InputStream;
import java.nio.ShortBuffer;
import java.util.function.Supplier;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jboss.logging.Logger;

/**
 * Decodes any accepted clip format with FFmpeg (through JavaCV) to 16 kHz mono and measures it. The duration is
 * counted from the samples, since browsers' WebM has no duration in its header and an MP3's is an estimate.
 * Loudness is measured over the frames that carry sound and the noise floor over the pauses, so a clip's silences
 * neither lower its level nor count as noise.
 */
@ApplicationScoped
public class AudioAnalyzer {
    static final int SAMPLE_RATE = 16_000;
    private static final Logger LOG = Logger.getLogger(AudioAnalyzer.class);
    private static final int FRAME = SAMPLE_RATE / 50; // 20 ms
    private static final double FULL_SCALE = 32768.0;
    private static final double FLOOR_DBFS = -120.0; // digital silence would be -Infinity
    private static final short CLIP_LEVEL = 32_700;
    private static volatile boolean quietLogs;

    private final QualityConfig config;

    public AudioAnalyzer(QualityConfig config) {
        this.config = config;
    }

    /** Measures a local file (FFmpeg seeks in it, which an M4A with its index at the end needs). */
    public AudioMeasurements analyze(File audio) {
        return analyze(() -> new FFmpegFrameGrabber(audio));
    }

    /** Measures a stream; JavaCV buffers it to allow seeking, so prefer {@link #analyze(File)}. */
    public AudioMeasurements analyze(InputStream audio) {
        return analyze(() -> new FFmpegFrameGrabber(audio));
    }

    private AudioMeasurements analyze(Supplier<FFmpegFrameGrabber> source) {
        FFmpegFrameGrabber grabber;
        try {
            quietFfmpegLogs();
            grabber = source.get();
        } catch (LinkageError e) {
            LOG.errorf("the audio decoder is not available: %s", e.toString());
            throw new UndecodableAudioException("decoder_unavailable");
        }
        Accumulator acc = new Accumulator(config.silenceDbfs(), config.maxDurationMs() * (SAMPLE_RATE / 1000L));
        try {
            grabber.setSampleMode(FrameGrabber.SampleMode.SHORT);
            grabber.setSampleRate(SAMPLE_RATE);
            grabber.setAudioChannels(1);
            grabber.start();
            Frame frame;
            while (!acc.full() && (frame = grabber.grabSamples()) != null) {
                if (frame.samples != null && frame.samples.length > 0) {
                    acc.add((ShortBuffer) frame.samples[0]);
                }
            }
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debugf("a clip could not be decoded: %s", e.getMessage());
            throw new UndecodableAudioException("undecodable");
        } catch (LinkageError e) {
            LOG.errorf("the audio decoder is not available: %s", e.toString());
            throw new UndecodableAudioException("decoder_unavailable");
        } finally {
            release(grabber);
        }
        if (acc.samples == 0) {
            throw new UndecodableAudioException("no_audio");
        }
        return acc.measurements();
    }

    private static void release(FFmpegFrameGrabber grabber) {
        try {
            grabber.stop();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debugf("stopping the decoder: %s", e.getMessage());
        } finally {
            try {
                grabber.release();
            } catch (FrameGrabber.Exception | RuntimeException e) {
                LOG.debugf("releasing the decoder: %s", e.getMessage());
            }
        }
    }

    /** FFmpeg logs to the native stderr; only its errors are worth that. Set once, when the natives first load. */
    private static void quietFfmpegLogs() {
        if (!quietLogs) {
            avutil.av_log_set_level(avutil.AV_LOG_ERROR);
            quietLogs = true;
        }
    }

    /** Running sums over the samples and a histogram of the 20 ms frames' levels; memory does not grow with length. */
    private static final class Accumulator {
        private static final int BINS = 1200; // 0.1 dB from -120 to 0 dBFS

        final double silenceDbfs;
        final long maxSamples;
        final int[] frameLevels = new int[BINS];
        long samples;
        long clipped;
        int peak;
        double frameSquares;
        int frameFill;
        int frames;
        int soundFrames;
        double soundSquares;

        Accumulator(double silenceDbfs, long maxSamples) {
            this.silenceDbfs = silenceDbfs;
            this.maxSamples = maxSamples;
        }

        boolean full() {
            return samples >= maxSamples;
        }

        void add(ShortBuffer buffer) {
            while (buffer.hasRemaining() && !full()) {
                short s = buffer.get();
                int magnitude = Math.abs((int) s);
                samples++;
                peak = Math.max(peak, magnitude);
                if (magnitude >= CLIP_LEVEL) {
                    clipped++;
                }
                frameSquares += (double) s * s;
                if (++frameFill == FRAME) {
                    double level = dbfs(Math.sqrt(frameSquares / FRAME));
                    frameLevels[bin(level)]++;
                    frames++;
                    if (level >= silenceDbfs) {
                        soundFrames++;
                        soundSquares += frameSquares;
                    }
                    frameSquares = 0;
                    frameFill = 0;
                }
            }
        }

        AudioMeasurements measurements() {
            double speechRms = soundFrames == 0 ? FLOOR_DBFS : dbfs(Math.sqrt(soundSquares / (soundFrames * FRAME)));
            double silenceRatio = frames == 0 ? 1.0 : 1.0 - (double) soundFrames / frames;
            return new AudioMeasurements((int) (samples * 1000 / SAMPLE_RATE), speechRms, dbfs(peak),
                    (double) clipped / samples, silenceRatio, noiseFloor(), full());
        }

        /**
         * The level of the quieter pauses: the median of the frames below the silence threshold, leaving out
         * digital zeros (a browser's noise suppression). Without pauses, the quietest tenth of all frames.
         */
        private double noiseFloor() {
            int firstAudible = bin(FLOOR_DBFS + 0.1);
            int pauses = 0;
            for (int b = firstAudible; b < bin(silenceDbfs); b++) {
                pauses += frameLevels[b];
            }
            if (pauses > 0) {
                return levelAt(firstAudible, pauses / 2);
            }
            return frames == 0 ? FLOOR_DBFS : levelAt(0, frames / 10);
        }

        private double levelAt(int fromBin, int rank) {
            int seen = 0;
            for (int b = fromBin; b < BINS; b++) {
                seen += frameLevels[b];
                if (seen > rank) {
                    return FLOOR_DBFS + b / 10.0;
                }
            }
            return 0;
        }

        private static int bin(double dbfs) {
            return (int) Math.max(0, Math.min(BINS - 1, Math.round((dbfs - FLOOR_DBFS) * 10)));
        }
    }

    static double dbfs(double amplitude) {
        return amplitude <= 0 ? FLOOR_DBFS : Math.max(FLOOR_DBFS, 20 * Math.log10(amplitude / FULL_SCALE));
    }

    /** The clip could not be measured here; its quality stays unknown. The message is a stable reason code. */
    public static class UndecodableAudioException extends RuntimeException {
        public UndecodableAudioException(String reason) {
            super(reason, null, false, false);
        }

        public String reason() {
            return getMessage();
        }
    }
}
