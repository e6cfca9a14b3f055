package app.essence.messages.ownership;

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
 * Answers whether a profile is the caller's, as clips-service does (docs/DECISIONS.md): the replica is fed by
 * profile events; on a miss (a profile created a moment ago whose event has not arrived yet) profiles-service is
 * asked with the caller's own token and the answer remembered. Another user's profile, a deleted one and an unknown
 * one all answer 404; profiles-service unreachable answers 503, never a wrong 404.
 */
@ApplicationScoped
public class ProfileOwnership {
    /** Known once, never for an erased user. */
    private static final String REMEMBER = "insert into profile_owners (profile_id, user_id) select :profile, :user "
            + "where not exists (select 1 from erased_users where user_id = :user) on conflict (profile_id) do nothing";
    private static final String FORGET = "insert into profile_owners (profile_id, user_id, deleted_at) "
            + "values (:profile, :user, :at) on conflict (profile_id) do update "
            + "set deleted_at = coalesce(profile_owners.deleted_at, excluded.deleted_at)";
    private static final String FORGET_USER = "update profile_owners set deleted_at = :at "
            + "where user_id = :user and deleted_at is null";

    private final ProfileReadThrough readThrough;
    private final ErasedUsers erasedUsers;

    public ProfileOwnership(ProfileReadThrough readThrough, ErasedUsers erasedUsers) {
        this.readThrough = readThrough;
        this.erasedUsers = erasedUsers;
    }

    /** The caller's live profile; opens its own sessions, none held while profiles-service is asked. */
    public Uni<ProfileOwner> confirm(Caller caller, String token, UUID profileId) {
        return Panache.withSession(() -> ProfileOwner.<ProfileOwner> findById(profileId)).flatMap(owner -> {
            if (owner != null) {
                return check(owner, caller, profileId);
            }
            return readThrough(caller, token, profileId);
        });
    }

    /** The caller's live profile, its replica row locked until the transaction ends; call within a transaction. */
    public Uni<ProfileOwner> lockOwned(Caller caller, UUID profileId) {
        return lock(profileId).flatMap(owner -> check(owner, caller, profileId));
    }

    /** The profile's replica row, locked until the transaction ends; null if unknown. */
    public Uni<ProfileOwner> lock(UUID profileId) {
        return ProfileOwner.findById(profileId, LockModeType.PESSIMISTIC_WRITE);
    }

    /**
     * A ProfileCreated (or Updated, or a voice event): remember the owner (a replay of it after the deletion changes
     * nothing). It takes the user's turn first, so an erasure being applied meanwhile is seen once it commits.
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

    /** A UserDeleted: every profile of the user stays deleted here for good, those not known yet too. */
    public Uni<Void> forgetUser(UUID userId, Instant deletedAt) {
        return erasedUsers.takeTurn(userId).chain(() -> erasedUsers.record(userId, deletedAt))
                .chain(() -> Panache.getSession())
                .flatMap(session -> session.createNativeQuery(FORGET_USER).setParameter("user", userId)
                        .setParameter("at", deletedAt).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * For the legacy import (docs/legacy-import.md), which has no user's token: succeeds if the profile is
     * {@code userId}'s and live. On a replica miss profiles-service's operator route is asked, when an operator token
     * is given, and its answer remembered.
     */
    public Uni<ProfileOwner> confirmForImport(UUID userId, UUID profileId, Optional<String> operatorToken) {
        Caller owner = new Caller(userId, Optional.empty(), false, false);
        return Panache.withSession(() -> ProfileOwner.<ProfileOwner> findById(profileId)).flatMap(found -> {
            if (found != null || operatorToken.isEmpty()) {
                return check(found, owner, profileId);
            }
            return readThrough.ownerAsOperator(operatorToken.get(), profileId)
                    .chain(user -> rememberAndCheck(profileId, user, owner));
        });
    }

    private Uni<ProfileOwner> readThrough(Caller caller, String token, UUID profileId) {
        return readThrough.confirmOwner(caller, token, profileId)
                .chain(() -> rememberAndCheck(profileId, caller.userId(), caller));
    }

    private Uni<ProfileOwner> rememberAndCheck(UUID profileId, UUID userId, Caller caller) {
        return Panache.withTransaction(() -> remember(profileId, userId)
                .chain(() -> ProfileOwner.<ProfileOwner> findById(profileId))
                .flatMap(owner -> check(owner, caller, profileId)));
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
