package app.essence.clips.clip;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A profile's whole script, one item per prompt in order, with the totals a client shows: how many are recorded,
 * how many seconds of good audio there are, and whether the voice can be trained from them.
 */
public record ClipList(List<ClipView> items, @Schema(nullable = true) String nextCursor, int recordedCount,
        int promptCount, int redoSuggestedCount, double usableSeconds, boolean readyToTrain) {
}
