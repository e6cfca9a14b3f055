package app.essence.clips.training;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.ownership.ProfileOwner;
import app.essence.clips.ownership.ProfileOwnership;
import app.essence.clips.voice.VoiceRemovals;
import app.essence.common.events.TrainingEvents.VoiceTrainingStarted;
import app.essence.common.identity.Caller;
import app.essence.common.outbox.Outbox;
import app.essence.common.problem.ProblemException;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.time.DbTime;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.UUID;

/**
 * Starting a profile's voice training and showing how it goes. The start commits the training, the user's consent
 * and VoiceTrainingStarted together under the profile's row lock; {@link TrainingWorkers} then do the work.
 */
@ApplicationScoped
public class TrainingService {
    private final ProfileOwnership ownership;
    private final TrainingReadiness readiness;
    private final Outbox outbox;
    private final TrainingWorkers workers;
    private final VoiceRemovals voiceRemovals;
    private final ClipsForTraining clips;

    public TrainingService(ProfileOwnership ownership, TrainingReadiness readiness, Outbox outbox,
            TrainingWorkers workers, VoiceRemovals voiceRemovals, ClipsForTraining clips) {
        this.ownership = ownership;
        this.readiness = readiness;
        this.outbox = outbox;
        this.workers = workers;
        this.voiceRemovals = voiceRemovals;
        this.clips = clips;
    }

    public TrainingView start(Caller caller, String token, UUID profileId, TrainingRequest request) {
        caller.requireSignedUp();
        await(() -> ownership.confirm(caller, token, profileId));
        Training training = await(() -> begin(caller, profileId, request));
        workers.runSoon(training.id);
        return TrainingView.of(training);
    }

    public TrainingView status(Caller caller, String token, UUID profileId) {
        await(() -> ownership.confirm(caller, token, profileId));
        Training latest = await(() -> RowSecurity.inUserTransaction(caller.userId(),
                () -> latestOf(profileId)));
        return latest == null ? TrainingView.notSubmitted(profileId) : TrainingView.of(latest);
    }

    /**
     * A deleted profile: a running training ends (its run will find that out and delete what it made), and every
     * voice the profile had is scheduled for deletion at the provider. Inside the event's transaction.
     */
    public Uni<Void> forgetProfile(UUID profileId, String voiceIdOfEvent) {
        return Training.<Training> list("profileId", profileId)
                .call(trainings -> voiceRemovals.schedule(profileId, voiceIdOfEvent))
                .call(trainings -> voiceRemovals.scheduleAll(profileId,
                        trainings.stream().map(training -> training.voiceId).toList()))
                .call(trainings -> Training.update("status = ?1, failureCode = ?2, finishedAt = ?3, "
                        + "updatedAt = ?3 where profileId = ?4 and status = ?5", TrainingStatus.failed,
                        TrainingProblem.PROFILE_DELETED.code(), DbTime.now(), profileId, TrainingStatus.training))
                .replaceWithVoid();
    }

    Uni<Training> begin(Caller caller, UUID profileId, TrainingRequest request) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> ownership.lockOwned(caller, profileId)
                .call(owner -> RunningTrainings.isTraining(profileId).invoke(running -> {
                            if (running) {
                                throw ProblemException.conflict("a training of this profile is already running; "
                                        + "GET /v1/profiles/" + profileId + "/training shows how it goes");
                            }
                        }))
                .flatMap(owner -> clips.of(profileId)
                        .flatMap(recorded -> {
                            readiness.whyNot(recorded).ifPresent(reason -> {
                                throw ProblemException.conflict("the voice cannot be trained yet: " + reason);
                            });
                            return record(owner, request, recorded);
                        })));
    }

    private Uni<Training> record(ProfileOwner owner, TrainingRequest request, TrainingClipSet clips) {
        Instant at = owner.nextEventTime();
        Training training = new Training();
        training.id = UUID.randomUUID();
        training.profileId = owner.profileId;
        training.userId = owner.userId;
        training.status = TrainingStatus.training;
        training.consentStatement = request.consentStatement();
        training.consentedAt = at;
        training.clipCount = clips.recordedCount();
        training.usableSeconds = BigDecimal.valueOf(clips.usableSeconds()).setScale(1, RoundingMode.HALF_UP);
        training.leaseExpiresAt = at;
        training.startedAt = at;
        training.updatedAt = at;
        return training.<Training> persistAndFlush()
                .call(saved -> outbox.add(new VoiceTrainingStarted(saved.id, owner.profileId, owner.userId, at)));
    }

    static Uni<Training> latestOf(UUID profileId) {
        return Training.<Training> find("profileId = ?1 order by startedAt desc", profileId)
                .firstResult();
    }
}
