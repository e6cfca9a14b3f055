package app.essence.voiceengine.speech;

import marytts.LocalMaryInterface;
import marytts.exceptions.MaryConfigurationException;
import marytts.exceptions.SynthesisException;

import javax.sound.sampled.AudioInputStream;
import java.lang.System.Logger.Level;
import java.util.concurrent.CompletableFuture;

/**
 * MaryTTS with its one English voice, started in the background: it takes seconds, the server does not wait. One per
 * JVM, because MaryTTS keeps its modules in static state.
 */
public final class Speaker {
    public static final String VOICE = "cmu-slt-hsmm";
    private static final System.Logger LOG = System.getLogger(Speaker.class.getName());

    private static Speaker shared;

    private final CompletableFuture<LocalMaryInterface> mary = new CompletableFuture<>();

    private Speaker() {
    }

    /** The JVM's speaker, starting MaryTTS on the first call. */
    public static synchronized Speaker shared() {
        if (shared == null) {
            shared = new Speaker();
            Thread warmUp = new Thread(shared::start, "marytts-start");
            warmUp.setDaemon(true);
            warmUp.start();
        }
        return shared;
    }

    /** "starting", "ready" or "failed". */
    public String state() {
        if (!mary.isDone()) {
            return "starting";
        }
        return mary.isCompletedExceptionally() ? "failed" : "ready";
    }

    /** 48 kHz 16-bit mono speech of this text; waits for MaryTTS to have started. */
    public AudioInputStream speak(String text) {
        try {
            return mary.join().generateAudio(text);
        } catch (SynthesisException e) {
            throw new IllegalStateException("MaryTTS could not speak the text", e);
        }
    }

    /** MaryTTS with this engine's voice and logging; everything in this JVM that uses MaryTTS starts it here. */
    static LocalMaryInterface startMary() throws MaryConfigurationException {
        // MaryTTS otherwise logs every request at INFO into ./log/server.log of whatever directory it was started in
        System.setProperty("log4j.logger.marytts", System.getProperty("log4j.logger.marytts", "ERROR,stderr"));
        LocalMaryInterface maryTts = new LocalMaryInterface();
        maryTts.setVoice(VOICE);
        return maryTts;
    }

    private void start() {
        long started = System.nanoTime();
        try {
            mary.complete(startMary());
            long millis = (System.nanoTime() - started) / 1_000_000;
            LOG.log(Level.INFO, () -> "MaryTTS (" + VOICE + ") started in " + millis + " ms");
        } catch (MaryConfigurationException | RuntimeException e) {
            LOG.log(Level.ERROR, "MaryTTS did not start", e);
            mary.completeExceptionally(e);
        }
    }
}
