package app.essence.common.ownership;

import app.essence.common.identity.Caller;
import app.essence.common.problem.ProblemException;
import app.essence.common.problem.ProblemType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.util.UUID;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * The read-through of a service's profile-ownership replica (docs/DECISIONS.md): on a replica miss (a profile created
 * a moment ago whose event has not arrived yet) profiles-service is asked with the caller's own token, so only the
 * owner gets an answer. Succeeds when the profile is the caller's; a 404 or another owner is a 404 problem, and
 * profiles-service unreachable a 503, never a wrong 404. The service then remembers the owner in its own replica.
 * Needs {@code quarkus.rest-client.profiles.url}.
 */
@ApplicationScoped
public class ProfileReadThrough {
    private static final Logger LOG = Logger.getLogger(ProfileReadThrough.class);

    private final ProfilesClient profiles;
    private final OperatorProfilesClient operatorProfiles;
    private final Counter readThroughs;

    public ProfileReadThrough(@RestClient ProfilesClient profiles, @RestClient OperatorProfilesClient operatorProfiles,
            MeterRegistry registry) {
        this.profiles = profiles;
        this.operatorProfiles = operatorProfiles;
        this.readThroughs = Counter.builder("essence.ownership.read.through")
                .description("Replica misses answered by asking profiles-service").register(registry);
    }

    /** Succeeds if profiles-service shows the caller this profile as theirs. */
    public Uni<Void> confirmOwner(Caller caller, String token, UUID profileId) {
        readThroughs.increment();
        return answered(profiles.get(profileId, "Bearer " + token), profileId)
                .flatMap(profile -> caller.userId().equals(profile.userId()) ? Uni.createFrom().voidItem()
                        : Uni.createFrom().failure(notFound(profileId)));
    }

    /**
     * Who owns the profile, as profiles-service's operator route answers an operator token (the legacy import,
     * docs/legacy-import.md, which has no user's token); a 404 problem if it does not know the profile.
     */
    public Uni<UUID> ownerAsOperator(String operatorToken, UUID profileId) {
        readThroughs.increment();
        return answered(operatorProfiles.get(profileId, "Bearer " + operatorToken), profileId)
                .map(ProfilesClient.ProfileRef::userId);
    }

    private Uni<ProfilesClient.ProfileRef> answered(Uni<ProfilesClient.ProfileRef> call, UUID profileId) {
        return call.onFailure(WebApplicationException.class).recoverWithUni(failure -> {
                    int status = ((WebApplicationException) failure).getResponse().getStatus();
                    return status == 404 ? Uni.createFrom().failure(notFound(profileId)) : unavailable(failure);
                })
                .onFailure(failure -> !(failure instanceof ProblemException)).recoverWithUni(this::unavailable);
    }

    private <T> Uni<T> unavailable(Throwable failure) {
        LOG.warnf("profiles-service could not confirm a profile's owner: %s", failure.toString());
        return Uni.createFrom().failure(new ProblemException(ProblemType.UNAVAILABLE,
                "the profile's owner cannot be confirmed right now; try again in a moment"));
    }

    private static ProblemException notFound(UUID profileId) {
        return ProblemException.notFound("profile " + profileId);
    }
}
