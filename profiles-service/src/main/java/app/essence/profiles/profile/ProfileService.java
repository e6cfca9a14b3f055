package app.essence.profiles.profile;

import app.essence.common.events.ProfileEvents.ProfileCreated;
import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.common.events.ProfileEvents.ProfileUpdated;
import app.essence.common.identity.Caller;
import app.essence.common.outbox.Outbox;
import app.essence.common.paging.Page;
import app.essence.common.paging.PageRequest;
import app.essence.common.problem.ProblemException;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.time.DbTime;
import app.essence.profiles.avatar.AvatarFiles;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.UUID;

/** The use cases of a user's profiles. Another user's profile, or a deleted one, does not exist here. */
@ApplicationScoped
public class ProfileService {
    private final Outbox outbox;
    private final ProfilePatcher patcher;
    private final AvatarFiles avatarFiles;
    private final ProfileAllowance allowance;
    private final Pool pool;

    public ProfileService(Outbox outbox, ProfilePatcher patcher, AvatarFiles avatarFiles, ProfileAllowance allowance,
            Pool pool) {
        this.outbox = outbox;
        this.patcher = patcher;
        this.avatarFiles = avatarFiles;
        this.allowance = allowance;
        this.pool = pool;
    }

    public Uni<Page<ProfileView>> list(Caller caller, PageRequest request) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> page(caller, request));
    }

    private static Uni<Page<ProfileView>> page(Caller caller, PageRequest request) {
        Uni<java.util.List<Profile>> rows = request.after()
                .map(after -> Profile.<Profile> find("userId = ?1 and deletedAt is null and (createdAt > ?2 "
                        + "or (createdAt = ?2 and id > ?3)) order by createdAt, id",
                        caller.userId(), after.createdAt(), after.id()))
                .orElseGet(() -> Profile.find("userId = ?1 and deletedAt is null order by createdAt, id",
                        caller.userId()))
                .range(0, request.limit()).list();
        return rows.map(list -> request.page(list, p -> new PageRequest.Position(p.createdAt, p.id),
                ProfileView::of));
    }

    /** The hottest read (bench P1): one round trip on the SQL client rather than a Hibernate transaction. */
    public Uni<ProfileView> get(Caller caller, UUID id) {
        return RowSecurity.readAsUser(pool, caller.userId(), ProfileView.SELECT + " where id = "
                + RowSecurity.literal(id) + " and user_id = " + RowSecurity.literal(caller.userId())
                + " and deleted_at is null")
                .map(rows -> rows.iterator().hasNext() ? ProfileView.of(rows.iterator().next()) : null)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("profile " + id));
    }

    public Uni<ProfileView> getAnyForOperator(UUID id) {
        return RowSecurity.inSystemTransaction("operator reads a profile", () -> Profile.<Profile> findById(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("profile " + id))
                .map(ProfileView::of));
    }

    public Uni<ProfileView> create(Caller caller, ProfileFields fields) {
        caller.requireSignedUp();
        Instant now = DbTime.now();
        Profile profile = new Profile();
        profile.id = UUID.randomUUID();
        profile.userId = caller.userId();
        apply(profile, fields);
        profile.createdAt = now;
        profile.updatedAt = now;
        return RowSecurity.inUserTransaction(caller.userId(), () -> allowance.requireRoomForOneMore(caller.userId())
                .chain(() -> profile.<Profile> persist())
                .call(p -> outbox.add(new ProfileCreated(p.id, p.userId, now)))
                .map(ProfileView::of));
    }

    public Uni<ProfileView> update(Caller caller, UUID id, ObjectNode patch) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> findOwnedForUpdate(caller, id).call(profile -> {
            ProfileFields fields = patcher.patched(profile, patch);
            apply(profile, fields);
            profile.updatedAt = DbTime.now();
            return outbox.add(new ProfileUpdated(profile.id, profile.userId, profile.updatedAt));
        }).map(ProfileView::of));
    }

    /**
     * Soft-deletes the profile and schedules its avatar storage for removal after the commit; other services clean
     * up their part when they see ProfileDeleted.
     */
    public Uni<Profile> delete(Caller caller, UUID id) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> findOwnedForUpdate(caller, id).call(profile -> {
            profile.deletedAt = DbTime.now();
            profile.updatedAt = profile.deletedAt;
            return avatarFiles.scheduleRemovalOf(profile).chain(() -> outbox.add(new ProfileDeleted(profile.id,
                    profile.userId, profile.elevenlabsVoiceId, profile.deletedAt)));
        }));
    }

    /** The caller's live profile, or 404 exactly as for an id that never existed. Call within the caller's transaction. */
    public Uni<Profile> findOwned(Caller caller, UUID id) {
        return owned(caller, id, LockModeType.NONE);
    }

    /**
     * The caller's live profile, its row locked until the transaction ends: concurrent writes to one profile
     * (an edit racing a delete, two avatar uploads) then happen one after the other, each seeing the other's result.
     */
    public Uni<Profile> findOwnedForUpdate(Caller caller, UUID id) {
        return owned(caller, id, LockModeType.PESSIMISTIC_WRITE);
    }

    private static Uni<Profile> owned(Caller caller, UUID id, LockModeType lock) {
        return Profile.<Profile> find("id = ?1 and userId = ?2 and deletedAt is null", id, caller.userId())
                .withLock(lock)
                .firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("profile " + id));
    }

    private static void apply(Profile profile, ProfileFields fields) {
        profile.name = fields.name();
        profile.relation = fields.relation();
        profile.notes = fields.notes();
    }
}
