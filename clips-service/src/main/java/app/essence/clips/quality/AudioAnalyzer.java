package app.essence.clips.quality;

import app.essence.common.media.MediaKind;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ShortBuffer;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.jboss.logging.Logger;

/**
 * Decodes any accepted clip format with FFmpeg (through JavaCV) at its own rate and channels, and measures it. The
 * demuxer is the one the clip's first bytes named (FFmpeg probes nothing, not what follows an ID3 tag, nor a WAV's
 * samples for another codec than its header names), FFmpeg reads through {@link TimedInput} only (no protocol, no
 * other file), and decoding stops at the clip's time limit. The duration is counted from the samples, since
 * browsers' WebM has no duration in its header and an MP3's is an estimate.
 */
@ApplicationScoped
public class AudioAnalyzer {
    private static final Logger LOG = Logger.getLogger(AudioAnalyzer.class);
    private static volatile boolean quietLogs;
    /** FFmpeg's smallest probe size, for a WAV: its first packet ends any probing of its codec. */
    static final String FFMPEG_PROBE_SIZE = "32";

    private final QualityConfig config;

    public AudioAnalyzer(QualityConfig config) {
        this.config = config;
    }

    /** Measures a local file (FFmpeg seeks in it, which an M4A with its index at the end needs). */
    public AudioMeasurements analyze(File audio, MediaKind kind) {
        long deadline = deadline();
        try (TimedInput in = TimedInput.of(audio, deadline)) {
            return analyze(in, kind);
        } catch (IOException e) {
            LOG.debugf("a clip could not be read: %s", e.getMessage());
            throw new UndecodableAudioException("undecodable");
        }
    }

    /** Measures a stream; JavaCV buffers it to allow seeking, so prefer {@link #analyze(File, MediaKind)}. */
    public AudioMeasurements analyze(InputStream audio, MediaKind kind) {
        return analyze(new TimedInput(audio, deadline()), kind);
    }

    private long deadline() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.maxDecodingMs());
    }

    private AudioMeasurements analyze(TimedInput in, MediaKind kind) {
        FFmpegFrameGrabber grabber;
        try {
            quietFfmpegLogs();
            grabber = new FFmpegFrameGrabber(in);
        } catch (LinkageError e) {
            LOG.errorf("the audio decoder is not available: %s", e.toString());
            throw new UndecodableAudioException("decoder_unavailable");
        }
        SignalMeter meter;
        try {
            grabber.setFormat(demuxer(kind));
            grabber.setOption("protocol_whitelist", "file");
            // A WAV's header names all there is; without this FFmpeg runs every demuxer's probe over a growing
            // buffer of its PCM (in case it wraps S/PDIF) up to 32 times: about 1.5 ms of CPU for a 1 s clip, four
            // fifths of its whole judgement. Not for the other kinds: the saving was measured on WAV alone, and an
            // MP3 names its rate and channels in its audio frames, not in a header.
            if (kind == MediaKind.WAV) {
                grabber.setOption("probesize", FFMPEG_PROBE_SIZE);
            }
            grabber.setSampleMode(FrameGrabber.SampleMode.SHORT);
            grabber.start();
            if (grabber.getSampleRate() <= 0 || grabber.getAudioChannels() <= 0) {
                throw new UndecodableAudioException("no_audio");
            }
            meter = new SignalMeter(grabber.getSampleRate(), grabber.getAudioChannels(), config.maxDurationMs());
            Frame frame;
            while (!meter.full() && !in.expired() && (frame = grabber.grabSamples()) != null) {
                if (frame.samples != null && frame.samples.length > 0) {
                    meter.add(shorts(frame));
                }
            }
        } catch (UndecodableAudioException e) {
            throw e;
        } catch (FrameGrabber.Exception | RuntimeException e) {
            LOG.debugf("a clip could not be decoded: %s", e.getMessage());
            throw new UndecodableAudioException(in.expired() ? "decoding_time_limit" : "undecodable");
        } catch (LinkageError e) {
            LOG.errorf("the audio decoder is not available: %s", e.toString());
            throw new UndecodableAudioException("decoder_unavailable");
        } finally {
            release(grabber);
        }
        if (in.expired()) {
            LOG.infof("a %s clip took longer than %d ms to decode", kind.extension(), config.maxDecodingMs());
            throw new UndecodableAudioException("decoding_time_limit");
        }
        if (meter.samples() == 0) {
            throw new UndecodableAudioException("no_audio");
        }
        return meter.measurements();
    }

    /** FFmpeg's demuxer for each accepted kind, by the names FFmpeg knows them under. */
    private static String demuxer(MediaKind kind) {
        return switch (kind) {
            case WAV -> "wav";
            case WEBM -> "webm";
            case OGG -> "ogg";
            case MP3 -> "mp3";
            case M4A -> "m4a";
            default -> throw new UndecodableAudioException("undecodable");
        };
    }

    private static ShortBuffer[] shorts(Frame frame) {
        ShortBuffer[] planes = new ShortBuffer[frame.samples.length];
        for (int i = 0; i < planes.length; i++) {
            planes[i] = (ShortBuffer) frame.samples[i];
        }
        return planes;
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
