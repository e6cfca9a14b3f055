package app.essence.clips.clip;

import app.essence.clips.ownership.ProfileOwner;
import app.essence.common.legacy.BackgroundWork;
import app.essence.common.storage.StorageCalls;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.storage.StorageClient;
import app.essence.common.storage.StorageSweeper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.mutiny.Multi;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The audio files behind clip rows. No storage call runs inside a database transaction (docs/storage.md,
 * "Deadlines"): a new file goes to a key of its own upload, reserved first in a transaction of its own, then placed,
 * then claimed by the transaction that points a row at it; a reservation claims only while it lasts, so a lapsed one
 * is the sweeper's. A file that becomes unused is scheduled for removal in the transaction that made it unused and
 * removed after the commit, once a look under the profile's replica row lock found no row using it; a sweeper
 * retries whatever a crash or a storage failure left, so a file whose upload never ended is removed too.
 */
@ApplicationScoped
public class ClipFiles {
    private static final Logger LOG = Logger.getLogger(ClipFiles.class);
    private static final String SCHEDULE = "insert into clip_file_removals (path, profile_id) values (:path, :profile) "
            + "on conflict (path) do update set not_before = now()";
    private static final String RESERVE = "insert into clip_file_removals (path, profile_id, not_before) "
            + "values (:path, :profile, now() + :seconds * interval '1 second')";
    private static final String CLAIM = "delete from clip_file_removals where path = :path "
            + "and requested_at > now() - :seconds * interval '1 second'";
    private static final String DUE = "notBefore <= current_timestamp";
    private static final int SWEEP_BATCH = 100;

    private final StorageClient storage;
    private final Vertx vertx;
    private final Duration sweepInterval;
    private final Duration reservation;

    public ClipFiles(StorageClient storage, Vertx vertx, StorageSweeper.Config sweep,
            @ConfigProperty(name = "essence.clips.file-sweep-interval", defaultValue = "60s") Duration sweepInterval) {
        this.storage = storage;
        this.vertx = vertx;
        this.sweepInterval = sweepInterval;
        this.reservation = sweep.stagedAge();
    }

    void startSweeper(@Observes BackgroundWork.Start start) {
        vertx.setPeriodic(sweepInterval.toMillis(), id -> {
            // Hibernate Reactive needs a safe duplicated context of its own, which a timer does not run on.
            Context context = VertxContext.createNewDuplicatedContext(vertx.getOrCreateContext().getDelegate());
            VertxContextSafetyToggle.setContextSafe(context, true);
            context.runOnContext(ignored -> sweep().subscribe().with(removed -> {
            }, failure -> LOG.warnf("clip file sweep failed, will try again: %s", failure.getMessage())));
        });
    }

    /**
     * Reserves an upload's final key before its file moves there, in a transaction of its own: should the upload
     * never commit, not even to say so (a crash), the file is removed once the staged age has passed.
     */
    public Uni<Void> reserve(UUID profileId, String finalKey) {
        return Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                .createNativeQuery(RESERVE).setParameter("path", finalKey).setParameter("profile", profileId)
                .setParameter("seconds", reservation.toSeconds()).executeUpdate()))
                .replaceWithVoid();
    }

    /**
     * Ends the reservation, inside the transaction that points a row at the file; fails if it lapsed, since the
     * sweeper may be removing the file.
     */
    public Uni<Void> claim(String finalKey) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(CLAIM)
                .setParameter("path", finalKey).setParameter("seconds", reservation.toSeconds()).executeUpdate())
                .invoke(claimed -> {
                    if (claimed != 1) {
                        throw new IllegalStateException("the reservation of " + finalKey + " lapsed");
                    }
                })
                .replaceWithVoid();
    }

    /**
     * Puts a staged upload at its reserved final key, outside any transaction: the key is this upload's own, so no
     * committed row points at it and nothing else writes it.
     */
    public void place(String stagedKey, String finalKey) {
        try {
            storage.move(stagedKey, finalKey);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Schedules a file for removal once no row points at it; call inside the transaction that makes it unused. */
    public Uni<Void> scheduleRemoval(UUID profileId, String path) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SCHEDULE)
                .setParameter("path", path).setParameter("profile", profileId).executeUpdate())
                .replaceWithVoid();
    }

    /** Removes the files scheduled for one profile; each path only if, under the profile's lock, nothing uses it. */
    public Uni<Integer> removeScheduled(UUID profileId) {
        return Panache.withSession(() -> ClipFileRemoval.<ClipFileRemoval> list("profileId = ?1 and " + DUE,
                profileId))
                .flatMap(this::removeEach);
    }

    /** Removes the oldest scheduled files of any profile, as {@link #removeScheduled} does. */
    public Uni<Integer> sweep() {
        return Panache.withSession(() -> ClipFileRemoval.<ClipFileRemoval> find(DUE + " order by requestedAt")
                .range(0, SWEEP_BATCH - 1).list())
                .flatMap(this::removeEach);
    }

    /** Deletes a file nothing points at yet (a staged upload that never committed). */
    public void discard(String path) {
        try {
            storage.delete(path);
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("unused clip audio %s could not be removed: %s", path, e.getMessage());
        }
    }

    private Uni<Integer> removeEach(List<ClipFileRemoval> removals) {
        return Multi.createFrom().iterable(removals)
                .onItem().transformToUniAndConcatenate(removal -> removeOne(removal)
                        .replaceWith(true)
                        .onFailure().recoverWithUni(failure -> postpone(removal, failure)))
                .filter(Boolean::booleanValue)
                .collect().asList()
                .map(List::size);
    }

    /** A file that cannot be removed now waits a sweep interval, so it never holds up the files behind it. */
    private Uni<Boolean> postpone(ClipFileRemoval removal, Throwable failure) {
        LOG.warnf("clip audio %s stays scheduled for removal, a later sweep retries: %s", removal.path,
                failure.getMessage());
        return Panache.withTransaction(() -> ClipFileRemoval.update("notBefore = ?1 where path = ?2",
                        Instant.now().plus(sweepInterval), removal.path))
                .onFailure().recoverWithNull()
                .replaceWith(false);
    }

    /**
     * Looks under the profile's lock whether a row uses the file, then deletes it after that commit: a due removal
     * can no longer be claimed ({@link #claim}) and every other file's key is its own upload's, so no row comes to
     * use it in between. The removal's row goes only once the file has.
     */
    private Uni<Void> removeOne(ClipFileRemoval removal) {
        // The system context: without one the count sees no clip and a file still in use would be deleted.
        return RowSecurity.inSystemTransaction("clip file removal", () -> ProfileOwner.<ProfileOwner> findById(removal.profileId,
                        LockModeType.PESSIMISTIC_WRITE)
                .chain(() -> TrainingClip.count("audioStoragePath", removal.path)))
                .chain(uses -> uses > 0
                        ? Uni.createFrom().voidItem()
                        : StorageCalls.onWorker(() -> storage.delete(removal.path)).replaceWithVoid())
                .chain(() -> Panache.withTransaction(() -> ClipFileRemoval.delete("path", removal.path)))
                .replaceWithVoid();
    }
}
