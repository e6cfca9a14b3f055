package app.essence.clips.quality;

/** How usable a clip is for training (docs/data-model.md §3); lower case as in the database and the API. */
public enum QualityStatus {
    good, redo_suggested, unknown
}
