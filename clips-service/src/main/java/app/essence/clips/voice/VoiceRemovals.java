package app.essence.clips.voice;

import static app.essence.common.reactive.ReactiveBridge.await;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Provider voices that nobody uses any more (replaced by a retraining, of a deleted profile, made by a run that lost
 * its training). Scheduled in the transaction that makes a voice unused, deleted after the commit and retried with
 * a growing pause until the provider confirms; a voice already gone counts as deleted.
 */
@ApplicationScoped
public class VoiceRemovals {
    private static final Logger LOG = Logger.getLogger(VoiceRemovals.class);
    private static final String SCHEDULE = "insert into voice_removals (voice_id, profile_id, next_try_at) "
            + "values (:voice, :profile, now() + make_interval(secs => :delay)) on conflict (voice_id) do nothing";
    /** Takes the due voices for a while, so two workers (a run and the reaper) never delete the same one. */
    private static final String CLAIM_DUE = "update voice_removals set next_try_at = now() + interval '5 minutes' "
            + "where voice_id in (select voice_id from voice_removals where next_try_at <= now() "
            + "order by next_try_at limit 20 for update skip locked) returning voice_id";
    private static final String FAILED = "update voice_removals set attempts = attempts + 1, last_error = :error, "
            + "next_try_at = now() + make_interval(secs => least(3600, power(2, attempts + 1))) where voice_id = :voice";

    private final VoiceProvider provider;
    private final Pool pool;

    public VoiceRemovals(VoiceProvider provider, Pool pool) {
        this.provider = provider;
        this.pool = pool;
    }

    /** Schedules a voice for deletion; call inside the transaction that makes it unused. */
    public Uni<Void> schedule(UUID profileId, String voiceId) {
        return schedule(profileId, voiceId, Duration.ZERO);
    }

    /**
     * Schedules these voices for deletion (missing and blank ids, as a running training's, are skipped); call inside
     * the transaction.
     */
    public Uni<Void> scheduleAll(UUID profileId, Collection<String> voiceIds) {
        return Multi.createFrom().iterable(voiceIds.stream().filter(voiceId -> voiceId != null).toList())
                .onItem().transformToUniAndConcatenate(voiceId -> schedule(profileId, voiceId))
                .collect().last().replaceWithVoid();
    }

    /** Schedules a voice for deletion once {@code after} has passed (a replaced voice others may still use). */
    public Uni<Void> schedule(UUID profileId, String voiceId, Duration after) {
        if (voiceId == null || voiceId.isBlank()) {
            return Uni.createFrom().voidItem();
        }
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SCHEDULE)
                .setParameter("voice", voiceId).setParameter("profile", profileId)
                .setParameter("delay", after.toMillis() / 1000.0).executeUpdate())
                .replaceWithVoid();
    }

    /** Deletes the voices that are due at the provider; blocking, from the reaper's thread. Answers how many went. */
    public int removeDue() {
        List<String> due = await(() -> pool.query(CLAIM_DUE).execute()).stream()
                .map(row -> row.getString("voice_id")).toList();
        int removed = 0;
        for (String voiceId : due) {
            try {
                provider.deleteVoice(voiceId);
                await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery("delete from voice_removals where voice_id = :voice")
                        .setParameter("voice", voiceId).executeUpdate())));
                removed++;
            } catch (RuntimeException e) {
                LOG.warnf("voice %s could not be deleted at the provider yet, will retry: %s", voiceId, e.toString());
                await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery(FAILED).setParameter("voice", voiceId)
                        .setParameter("error", String.valueOf(e.getMessage())).executeUpdate())));
            }
        }
        return removed;
    }
}
