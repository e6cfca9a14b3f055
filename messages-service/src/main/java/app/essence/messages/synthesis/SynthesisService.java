package app.essence.messages.synthesis;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.identity.Caller;
import app.essence.common.problem.ProblemException;
import app.essence.messages.message.LegacyMessage;
import app.essence.messages.message.MessageService;
import app.essence.messages.message.MessageStatus;
import app.essence.messages.message.MessageView;
import app.essence.messages.ownership.ProfileOwner;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * Asking for a message to be spoken. The request commits the message's {@code generating} state, its voice and a
 * synthesis row the monthly allowance counts, under the profile's and the message's row locks; after the commit
 * {@link SynthesisRuns} does the work. When a worker is free the transaction also takes the synthesis's first run
 * and its lease, and the worker starts it at once; when none is, the run is left to a worker's claim. Asking again
 * while it is being spoken answers the same, and starts nothing.
 */
@ApplicationScoped
public class SynthesisService {
    private static final String LEDGER = "insert into message_syntheses (id, user_id, message_id, started_at) "
            + "values (:id, :user, :message, :at)";

    private final SynthesisRuns runs;
    private final MonthlyAllowance allowance;

    public SynthesisService(SynthesisRuns runs, MonthlyAllowance allowance) {
        this.runs = runs;
        this.allowance = allowance;
    }

    public Started start(Caller caller, UUID id) {
        caller.requireSignedUp();
        // reserved before the transaction, so that a run taken in it never waits for a worker holding its lease
        boolean handOff = runs.reserveWorker();
        Started started;
        try {
            started = await(() -> RowSecurity.inUserTransaction(caller.userId(),
                    () -> MessageService.lockedWithProfile(caller, id, (owner, message) -> begin(owner, message,
                            handOff))));
        } catch (RuntimeException e) {
            if (handOff) {
                runs.releaseWorker();
            }
            throw e;
        }
        if (started.run() != null) {
            runs.start(started.run());
            return started;
        }
        if (handOff) {
            runs.releaseWorker();
        }
        if (started.begun()) {
            runs.runSoon(id);
        }
        return started;
    }

    private Uni<Started> begin(ProfileOwner owner, LegacyMessage message, boolean handOff) {
        if (message.status == MessageStatus.generating) {
            return Uni.createFrom().item(new Started(MessageView.of(message), false, null));
        }
        if (message.status == MessageStatus.ready) {
            throw ProblemException.conflict("this message has been spoken already; its audio is at /v1/messages/"
                    + message.id + "/audio");
        }
        requireVoice(owner);
        return allowance.take(message.userId).chain(DatabaseClock::now).chain(at -> {
            message.status = MessageStatus.generating;
            message.voiceId = owner.voiceId;
            message.provider = null;
            message.modelId = null;
            message.errorCode = null;
            message.errorMessage = null;
            message.synthesisId = UUID.randomUUID();
            message.synthesisRuns = 0;
            message.synthesisLeaseExpiresAt = at;
            message.synthesisStartedAt = at;
            message.updatedAt = at;
            // with a worker reserved, its first run is committed with the request and the worker starts speaking
            // without a transaction of its own; without one, the lease has lapsed already and a worker claims it
            SynthesisRuns.Run run = handOff ? runs.take(message, at) : null;
            return Panache.getSession().flatMap(session -> session.createNativeQuery(LEDGER)
                    .setParameter("id", message.synthesisId).setParameter("user", message.userId)
                    .setParameter("message", message.id).setParameter("at", at).executeUpdate())
                    .map(ignored -> new Started(MessageView.of(message), true, run));
        });
    }

    /** Speech needs the profile's trained voice; the problem says what to do instead. */
    private static void requireVoice(ProfileOwner owner) {
        if ("ready".equals(owner.voiceStatus) && owner.voiceId != null) {
            return;
        }
        String why = switch (owner.voiceStatus) {
            case "training" -> "the profile's voice is still being trained; ask again once it is ready";
            case "failed" -> "the profile's voice training failed; train the voice again first";
            default -> "the profile has no voice yet; record its 25 clips and train its voice first";
        };
        throw ProblemException.conflict("this message cannot be spoken yet: " + why);
    }

    /**
     * The message after the request, whether this request started its synthesis, and the first run it took for a
     * reserved worker (null if none).
     */
    public record Started(MessageView view, boolean begun, SynthesisRuns.Run run) {
    }
}
