package app.essence.clips.clip;

/** Who made a clip (docs/data-model.md §3 {@code created_by}). */
public enum ClipCreator {
    user, system
}
