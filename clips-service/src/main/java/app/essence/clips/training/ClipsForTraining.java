package app.essence.clips.training;

import io.smallrye.mutiny.Uni;
import java.util.UUID;

/**
 * What training reads of a profile's clips. clip/ answers it, so that training does not depend on clip/ (which asks
 * training whether a profile is being trained and is ready to be).
 */
public interface ClipsForTraining {

    /** The profile's recorded clips, in prompt order; inside the caller's transaction. */
    Uni<TrainingClipSet> of(UUID profileId);
}
