package app.essence.voiceengine.speech;

import app.essence.voiceengine.http.ApiError;

import java.io.IOException;
import java.util.concurrent.Semaphore;

/**
 * MaryTTS keeps a core busy for each sentence: a few syntheses run at once, a few more wait, and beyond that the
 * engine answers 429 as ElevenLabs does, so callers back off instead of piling up (and the health probe stays free).
 */
final class SynthesisSlots {
    private final Semaphore running;
    private final Semaphore admitted;

    SynthesisSlots(int running, int waiting) {
        this.running = new Semaphore(running, true);
        this.admitted = new Semaphore(running + waiting);
    }

    interface Synthesis {
        void run() throws IOException;
    }

    void run(Synthesis synthesis) throws IOException {
        if (!admitted.tryAcquire()) {
            throw ApiError.of(429, "too_many_concurrent_requests",
                    "The local voice engine is already speaking as much as it can; retry shortly.");
        }
        try {
            running.acquireUninterruptibly();
            try {
                synthesis.run();
            } finally {
                running.release();
            }
        } finally {
            admitted.release();
        }
    }
}
