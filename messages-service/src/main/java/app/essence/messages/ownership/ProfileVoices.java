package app.essence.messages.ownership;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * The voice each profile speaks in, kept from clips-service's training events, "newer wins" on their time. A
 * training event may arrive before the profile's own ProfileCreated (another topic), so each one creates the
 * replica row if needed. A retraining replaces the voice id; a failed one keeps the previous voice in use.
 */
@ApplicationScoped
public class ProfileVoices {
    private final ProfileOwnership ownership;

    public ProfileVoices(ProfileOwnership ownership) {
        this.ownership = ownership;
    }

    public Uni<Void> trainingStarted(UUID profileId, UUID userId, Instant at) {
        return apply(profileId, userId, at, "voice_status = 'training'", Map.of());
    }

    public Uni<Void> trained(UUID profileId, UUID userId, String voiceId, Instant at) {
        return apply(profileId, userId, at, "voice_status = 'ready', voice_id = :voice", Map.of("voice", voiceId));
    }

    public Uni<Void> trainingFailed(UUID profileId, UUID userId, Instant at) {
        return apply(profileId, userId, at,
                "voice_status = case when profile_owners.voice_id is null then 'failed' else 'ready' end", Map.of());
    }

    private Uni<Void> apply(UUID profileId, UUID userId, Instant at, String assignments,
            Map<String, Object> values) {
        String update = "update profile_owners set " + assignments + ", voice_as_of = :at where profile_id = :profile "
                + "and (voice_as_of is null or voice_as_of < :at)";
        return ownership.remember(profileId, userId).chain(() -> Panache.getSession())
                .flatMap(session -> {
                    var query = session.createNativeQuery(update).setParameter("profile", profileId)
                            .setParameter("at", at);
                    values.forEach(query::setParameter);
                    return query.executeUpdate();
                })
                .replaceWithVoid();
    }
}
