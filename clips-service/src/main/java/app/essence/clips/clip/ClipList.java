package app.essence.clips.clip;

import java.util.List;

/** A profile's whole script, one item per prompt in order, with how many are recorded. */
public record ClipList(List<ClipView> items, String nextCursor, int recordedCount, int promptCount) {
}
