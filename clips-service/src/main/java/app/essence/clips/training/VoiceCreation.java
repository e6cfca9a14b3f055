package app.essence.clips.training;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.voice.VoiceRequest;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.storage.ByteRange;
import app.essence.common.storage.StorageClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * A run's voice, made from the profile's good clips: each read where storage keeps it, or from a temporary copy
 * that is deleted once the calls are done. The voice carries the training's label ({@link TrainingLabelSweep}).
 */
@ApplicationScoped
class VoiceCreation {
    private static final Logger LOG = Logger.getLogger(VoiceCreation.class);

    private final ClipsForTraining clips;
    private final StorageClient storage;
    private final TrainingCalls calls;

    VoiceCreation(ClipsForTraining clips, StorageClient storage, TrainingCalls calls) {
        this.clips = clips;
        this.storage = storage;
        this.calls = calls;
    }

    /** Answers the voice's id; throws what the last provider call threw, or {@link StaleRunException}. */
    String create(TrainingRun run) {
        TrainingClipSet set = await(() -> RowSecurity.inSystemTransaction(TrainingLease.REASON,
                () -> clips.of(run.profileId())));
        List<Path> temporary = new ArrayList<>();
        try {
            List<VoiceRequest.Sample> samples = new ArrayList<>();
            for (TrainingClipSet.Clip clip : set.usable()) {
                Path file = storage.localFile(clip.audioStoragePath()).orElseGet(() -> copy(clip, temporary));
                samples.add(new VoiceRequest.Sample(file, fileName(clip), clip.mimeType()));
            }
            VoiceRequest request = new VoiceRequest("ESSENCE " + run.profileId(),
                    "Voice preserved by ESSENCE from " + samples.size() + " prompted recordings",
                    Map.of(TrainingLabelSweep.TRAINING_LABEL, run.trainingId().toString(), "essence_profile_id",
                            run.profileId().toString()),
                    TrainingLabelSweep.TRAINING_LABEL, run.number() > 1, samples);
            return calls.addVoice(run, request);
        } finally {
            temporary.forEach(VoiceCreation::deleteQuietly);
        }
    }

    private Path copy(TrainingClipSet.Clip clip, List<Path> temporary) {
        try {
            Path file = Files.createTempFile("essence-training-", "-" + fileName(clip));
            temporary.add(file);
            long size = storage.size(clip.audioStoragePath());
            try (InputStream in = storage.get(clip.audioStoragePath(), ByteRange.whole(size))) {
                Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("clip " + clip.promptIndex() + " cannot be read from storage", e);
        }
    }

    private static String fileName(TrainingClipSet.Clip clip) {
        String path = clip.audioStoragePath();
        return "prompt-" + clip.promptIndex() + path.substring(path.lastIndexOf('.'));
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("temporary copy %s could not be removed: %s", file, e.getMessage());
        }
    }
}
