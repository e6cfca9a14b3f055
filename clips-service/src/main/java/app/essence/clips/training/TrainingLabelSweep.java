package app.essence.clips.training;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.voice.VoiceProvider;
import app.essence.clips.voice.VoiceRemovals;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.time.DbTime;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * After a training ended: the provider's voices labelled with it, other than the one it recorded, are scheduled for
 * deletion (made by a run that lost its answer, its lease or its training), whoever made them. Once per training,
 * and only once its lease has passed: until then a run may still be calling the provider, and a voice it makes
 * would come after the sweep; after a lost answer, the lease is kept so the voice of that call can show first
 * ({@link TrainingLease#release}). The reaper catches up on what a crash or an unreachable provider left, and
 * sweeps the trainings whose lease was kept.
 */
@ApplicationScoped
class TrainingLabelSweep {
    /** The label that ties a provider voice to its training, so a resumed run adopts a voice made before a crash. */
    static final String TRAINING_LABEL = "essence_training_id";
    private static final Logger LOG = Logger.getLogger(TrainingLabelSweep.class);

    private final VoiceProvider provider;
    private final VoiceRemovals voiceRemovals;

    TrainingLabelSweep(VoiceProvider provider, VoiceRemovals voiceRemovals) {
        this.provider = provider;
        this.voiceRemovals = voiceRemovals;
    }

    void sweep(UUID trainingId) {
        Training ended = await(() -> RowSecurity.inSystemTransaction(TrainingLease.REASON,
                () -> Training.<Training> findById(trainingId)));
        if (ended == null || ended.status == TrainingStatus.training || ended.labelsSweptAt != null
                || ended.leaseExpiresAt.isAfter(DbTime.now())) {
            return;
        }
        List<String> orphans = provider.voicesLabelled(TRAINING_LABEL, trainingId.toString()).stream()
                .filter(voiceId -> !voiceId.equals(ended.voiceId)).toList();
        await(() -> RowSecurity.inSystemTransaction(TrainingLease.REASON, () -> voiceRemovals
                .scheduleAll(ended.profileId, orphans)
                .chain(() -> Training.update("labelsSweptAt = ?1 where id = ?2", DbTime.now(), trainingId))));
        if (!orphans.isEmpty()) {
            LOG.infof("training %s: %d voice(s) it did not keep are scheduled for deletion", trainingId,
                    orphans.size());
        }
    }
}
