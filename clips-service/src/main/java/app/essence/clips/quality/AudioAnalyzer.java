package app.essence.clips.quality;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ShortBuffer;
import java.util.Arrays;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/**
 * Decodes any accepted clip format with FFmpeg (through JavaCV) to 16 kHz mono and measures it. The duration is
 * counted from the samples, since browsers' WebM has no duration in its header and an MP3's is an estimate.
 */
@ApplicationScoped
public class AudioAnalyzer {
    private final QualityConfig config;

    static final int SAMPLE_RATE = 16_000;
    private static final int FRAME = SAMPLE_RATE / 50; // 20 ms
    private static final double FULL_SCALE = 32768.0;
    private static final double FLOOR_DBFS = -120.0; // digital silence would be -Infinity
    private static final short CLIP_LEVEL = 32_700;

    static {
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    public AudioAnalyzer(QualityConfig config) {
        this.config = config;
    }

    /** Measures the audio; {@link UndecodableAudioException} when FFmpeg cannot read it or finds no sound. */
    public AudioMeasurements analyze(InputStream audio) {
        Accumulator acc = new Accumulator(config.silenceDbfs());
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(audio);
        try {
            grabber.setSampleMode(FrameGrabber.SampleMode.SHORT);
            grabber.setSampleRate(SAMPLE_RATE);
            grabber.setAudioChannels(1);
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabSamples()) != null) {
                if (frame.samples != null && frame.samples.length > 0) {
                    acc.add((ShortBuffer) frame.samples[0]);
                }
            }
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new UndecodableAudioException("the audio cannot be decoded: " + e.getMessage());
        } catch (LinkageError e) {
            throw new UndecodableAudioException("the audio decoder is not available: " + e.getMessage());
        } finally {
            try {
                grabber.stop();
                grabber.release();
            } catch (FrameGrabber.Exception e) {
                // nothing more to free
            }
        }
        if (acc.samples == 0) {
            throw new UndecodableAudioException("the file holds no audio samples");
        }
        return acc.measurements();
    }

    /** Running sums over all samples and per-frame energies, without keeping the samples. */
    private static final class Accumulator {
        final double silenceDbfs;
        long samples;
        long clipped;
        double sumSquares;
        int peak;
        double frameSquares;
        int frameFill;
        double[] frameRms = new double[256];
        int frames;

        Accumulator(double silenceDbfs) {
            this.silenceDbfs = silenceDbfs;
        }

        void add(ShortBuffer buffer) {
            while (buffer.hasRemaining()) {
                short s = buffer.get();
                int magnitude = Math.abs((int) s);
                samples++;
                sumSquares += (double) s * s;
                peak = Math.max(peak, magnitude);
                if (magnitude >= CLIP_LEVEL) {
                    clipped++;
                }
                frameSquares += (double) s * s;
                if (++frameFill == FRAME) {
                    if (frames == frameRms.length) {
                        frameRms = Arrays.copyOf(frameRms, frames * 2);
                    }
                    frameRms[frames++] = Math.sqrt(frameSquares / FRAME);
                    frameSquares = 0;
                    frameFill = 0;
                }
            }
        }

        AudioMeasurements measurements() {
            double[] rms = Arrays.copyOf(frameRms, frames);
            Arrays.sort(rms);
            double noiseFloor = rms.length == 0 ? Math.sqrt(sumSquares / samples) : rms[rms.length / 10];
            return new AudioMeasurements((int) (samples * 1000 / SAMPLE_RATE), dbfs(Math.sqrt(sumSquares / samples)),
                    dbfs(peak), (double) clipped / samples, silentShare(rms), dbfs(noiseFloor));
        }

        private double silentShare(double[] sortedRms) {
            if (sortedRms.length == 0) {
                return 1.0;
            }
            double threshold = FULL_SCALE * Math.pow(10, silenceDbfs / 20);
            int silent = 0;
            while (silent < sortedRms.length && sortedRms[silent] < threshold) {
                silent++;
            }
            return (double) silent / sortedRms.length;
        }
    }

    static double dbfs(double amplitude) {
        return amplitude <= 0 ? FLOOR_DBFS : Math.max(FLOOR_DBFS, 20 * Math.log10(amplitude / FULL_SCALE));
    }

    /** The clip could not be decoded here; its quality stays unknown, with this reason. */
    public static class UndecodableAudioException extends RuntimeException {
        public UndecodableAudioException(String message) {
            super(message, null, false, false);
        }
    }
}
