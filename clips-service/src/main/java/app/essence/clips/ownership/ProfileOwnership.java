package app.essence.clips.ownership;

import app.essence.common.erasure.ErasedUsers;
import app.essence.common.identity.Caller;
import app.essence.common.ownership.ProfileReadThrough;
import app.essence.common.problem.ProblemException;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * Answers whether a profile is the caller's. The replica is fed by profile events; on a miss (a profile created a
 * moment ago whose event has not arrived yet) it asks profiles-service with the caller's own token and remembers
 * the answer. Another user's profile, a deleted one and an unknown one all answer 404.
 */
@ApplicationScoped
public class ProfileOwnership {
    /** Known once, never for an erased user. */
    private static final String REMEMBER = "insert into profile_owners (profile_id, user_id) select :profile, :user "
            + "where not exists (select 1 from erased_users where user_id = :user) on conflict (profile_id) do nothing";
    private static final String FORGET_USER = "update profile_owners set deleted_at = :at "
            + "where user_id = :user and deleted_at is null";
    private static final String FORGET = "insert into profile_owners (profile_id, user_id, deleted_at) "
            + "values (:profile, :user, :at) on conflict (profile_id) do update "
            + "set deleted_at = coalesce(profile_owners.deleted_at, excluded.deleted_at)";

    private final ProfileReadThrough readThrough;
    private final ErasedUsers erasedUsers;

    public ProfileOwnership(ProfileReadThrough readThrough, ErasedUsers erasedUsers) {
        this.readThrough = readThrough;
        this.erasedUsers = erasedUsers;
    }

    /**
     * Succeeds if the profile is the caller's and live. Opens its own sessions, none held while profiles-service
     * is asked.
     */
    public Uni<Void> confirm(Caller caller, String token, UUID profileId) {
        return Panache.withSession(() -> ProfileOwner.<ProfileOwner> findById(profileId)).flatMap(owner -> {
            if (owner != null) {
                return check(owner, caller, profileId).replaceWithVoid();
            }
            return readThrough(caller, token, profileId);
        });
    }

    /** The caller's live profile, its replica row locked until the transaction ends; call within a transaction. */
    public Uni<ProfileOwner> lockOwned(Caller caller, UUID profileId) {
        return ProfileOwner.<ProfileOwner> findById(profileId, LockModeType.PESSIMISTIC_WRITE)
                .flatMap(owner -> check(owner, caller, profileId));
    }

    /**
     * A ProfileCreated: remember the owner (a replay of it after the deletion changes nothing). It takes the user's
     * turn first, so an erasure being applied meanwhile is seen once it commits and nothing is made after it.
     */
    public Uni<Void> remember(UUID profileId, UUID userId) {
        return erasedUsers.takeTurn(userId).chain(() -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery(REMEMBER)
                        .setParameter("profile", profileId).setParameter("user", userId).executeUpdate())
                .replaceWithVoid();
    }

    /** A ProfileDeleted: the profile stays deleted here for good, even if its creation is replayed later. */
    public Uni<Void> forget(UUID profileId, UUID userId, Instant deletedAt) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(FORGET).setParameter("profile", profileId)
                        .setParameter("user", userId).setParameter("at", deletedAt).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * A UserDeleted: every profile of the user is deleted for good, its row locked until the transaction ends, so no
     * upload or training commits meanwhile. Answers the user's profiles.
     */
    public Uni<java.util.List<ProfileOwner>> forgetUser(UUID userId, Instant deletedAt) {
        return Panache.getSession()
                .flatMap(session -> session.createNativeQuery(FORGET_USER).setParameter("user", userId)
                        .setParameter("at", deletedAt).executeUpdate())
                .chain(() -> ProfileOwner.<ProfileOwner> find("userId", userId)
                        .withLock(LockModeType.PESSIMISTIC_WRITE).list());
    }

    /**
     * For the legacy import (docs/legacy-import.md), which has no user's token: succeeds if the profile is
     * {@code userId}'s and live. On a replica miss profiles-service's operator route is asked, when an operator token
     * is given, and its answer remembered.
     */
    public Uni<Void> confirmForImport(UUID userId, UUID profileId, Optional<String> operatorToken) {
        Caller owner = new Caller(userId, Optional.empty(), false, false);
        return Panache.withSession(() -> ProfileOwner.<ProfileOwner> findById(profileId)).flatMap(found -> {
            if (found != null || operatorToken.isEmpty()) {
                return check(found, owner, profileId).replaceWithVoid();
            }
            return readThrough.ownerAsOperator(operatorToken.get(), profileId)
                    .chain(user -> rememberAndCheck(profileId, user, owner));
        });
    }

    private Uni<Void> readThrough(Caller caller, String token, UUID profileId) {
        return readThrough.confirmOwner(caller, token, profileId)
                .chain(() -> rememberAndCheck(profileId, caller.userId(), caller));
    }

    private Uni<Void> rememberAndCheck(UUID profileId, UUID userId, Caller caller) {
        return Panache.withTransaction(() -> remember(profileId, userId)
                .chain(() -> ProfileOwner.<ProfileOwner> findById(profileId))
                .flatMap(owner -> check(owner, caller, profileId))).replaceWithVoid();
    }

    private static Uni<ProfileOwner> check(ProfileOwner owner, Caller caller, UUID profileId) {
        return owner != null && owner.isLiveAndOwnedBy(caller.userId())
                ? Uni.createFrom().item(owner)
                : Uni.createFrom().failure(notFound(profileId));
    }

    private static ProblemException notFound(UUID profileId) {
        return ProblemException.notFound("profile " + profileId);
    }
}
