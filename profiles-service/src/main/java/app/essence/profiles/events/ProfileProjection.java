package app.essence.profiles.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Keeps what profiles-service shows of other services' work (voice status, cached counts) from their events.
 * Every change applies only if its event is newer than the last one applied to that part of the profile, so a
 * late, duplicated or replayed event never rolls state back.
 */
@ApplicationScoped
public class ProfileProjection {

    public Uni<Void> clipCount(UUID profileId, int count, Instant occurredAt) {
        return update("training_clip_count = :count, clips_as_of = :at", "clips_as_of", profileId, occurredAt,
                Map.of("count", count));
    }

    public Uni<Void> messageCount(UUID profileId, int count, Instant occurredAt) {
        return update("message_count = :count, messages_as_of = :at", "messages_as_of", profileId, occurredAt,
                Map.of("count", count));
    }

    public Uni<Void> trainingStarted(UUID profileId, Instant occurredAt) {
        return update("voice_model_status = 'training', voice_as_of = :at", "voice_as_of", profileId, occurredAt,
                Map.of());
    }

    public Uni<Void> voiceReady(UUID profileId, String voiceId, Instant occurredAt) {
        return update("voice_model_status = 'ready', elevenlabs_voice_id = :voice, training_completed_at = :at, "
                + "voice_ready_at = :at, voice_as_of = :at", "voice_as_of", profileId, occurredAt,
                Map.of("voice", voiceId));
    }

    /** A failed training leaves the previous voice in use if there is one, else the profile is not submitted. */
    public Uni<Void> trainingFailed(UUID profileId, Instant occurredAt) {
        return update("voice_model_status = case when elevenlabs_voice_id is null then 'not_submitted' "
                + "else 'ready' end::voice_model_status, voice_as_of = :at", "voice_as_of", profileId, occurredAt,
                Map.of());
    }

    private static Uni<Void> update(String assignments, String watermark, UUID profileId, Instant occurredAt,
            Map<String, Object> values) {
        String sql = "update profiles set " + assignments + ", updated_at = now() where id = :id and ("
                + watermark + " is null or " + watermark + " < :at)";
        return Panache.getSession().flatMap(session -> {
            var query = session.createNativeQuery(sql).setParameter("id", profileId).setParameter("at", occurredAt);
            values.forEach(query::setParameter);
            return query.executeUpdate();
        }).replaceWithVoid();
    }
}
