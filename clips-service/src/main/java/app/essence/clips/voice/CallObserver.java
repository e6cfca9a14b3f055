package app.essence.clips.voice;

/**
 * Hears about each call to the provider, retries included, so the caller can show progress and keep its lease, and
 * stop a call it no longer may make.
 */
public interface CallObserver {
    /** A call is about to wait for its turn; answers its number within this request, from 1. */
    int calling();

    /**
     * The call's turn has come and it is about to be sent (after waiting in the provider queue): throws to stop it,
     * when the caller no longer holds the work.
     */
    void sending();

    /** The call failed: what the provider answered, or why no answer came. */
    void failed(RuntimeException failure);
}
