package app.essence.clips.clip;

import app.essence.clips.training.ClipsForTraining;
import app.essence.clips.training.TrainingClipSet;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;

/** A profile's recorded clips, as training reads them. */
@ApplicationScoped
public class RecordedClipsForTraining implements ClipsForTraining {

    @Override
    public Uni<TrainingClipSet> of(UUID profileId) {
        return ClipService.clipsOf(profileId).map(RecordedClipsForTraining::setOf);
    }

    static TrainingClipSet setOf(List<TrainingClip> clips) {
        return new TrainingClipSet(clips.stream().map(clip -> new TrainingClipSet.Clip(clip.promptIndex,
                clip.audioStoragePath, clip.mimeType, clip.durationMs, clip.qualityStatus)).toList());
    }
}
