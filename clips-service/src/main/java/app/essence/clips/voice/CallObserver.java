package app.essence.clips.voice;

/** Hears about each call to the provider, retries included, so the caller can show progress and keep its lease. */
public interface CallObserver {
    /** A call is about to be made; answers its number within this request, from 1. */
    int calling();

    void failed(String what);
}
