package app.essence.clips.clip;

/** Who made a clip (DATA_MODEL §3 {@code created_by}). */
public enum ClipCreator {
    user, system
}
