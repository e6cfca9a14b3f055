package app.essence.clips.clip;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.ownership.ProfileOwner;
import app.essence.common.erasure.ErasedUsers;
import app.essence.common.legacy.BackgroundWork;
import app.essence.common.media.MediaKind;
import app.essence.common.problem.ProblemException;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.storage.Reservations;
import app.essence.common.storage.StorageCalls;
import app.essence.common.storage.StorageClient;
import app.essence.common.storage.StorageConfig;
import app.essence.common.storage.StorageKeys;
import app.essence.common.storage.StorageRemovals;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.LockModeType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The life of a clip's audio file, from its upload's staging to its removal once no row uses it. No storage call
 * runs inside a database transaction (docs/storage.md, "Deadlines"). An upload is staged ({@link #stage}) and its
 * final key, a key of its own upload, reserved in the transaction that checks its user was not erased meanwhile,
 * then the file is placed there ({@link #place}), then the transaction that points a row at it claims the
 * reservation ({@link #claim}); a reservation claims only while it lasts, so a lapsed one is the sweeper's. A file
 * that becomes unused is scheduled for removal in the transaction that made it unused ({@link #scheduleRemoval}) and
 * removed after the commit ({@link #removeUnused}), once a look under the profile's replica row lock found no row
 * using it; a sweeper retries whatever a crash or a storage failure left, so a file whose upload never ended is
 * removed too. A profile's deletion or an erasure keeps the reservations still holding ({@link #removeAllOf}).
 */
@ApplicationScoped
public class ClipFiles {
    private static final Logger LOG = Logger.getLogger(ClipFiles.class);
    private static final String SCHEDULE = "insert into clip_file_removals (path, profile_id) values (:path, :profile) "
            + "on conflict (path) do update set not_before = now()";
    private static final String DUE = "notBefore <= current_timestamp";
    private static final int SWEEP_BATCH = 100;

    private final StorageClient storage;
    private final StorageRemovals removals;
    private final ErasedUsers erasedUsers;
    private final Vertx vertx;
    private final Duration sweepInterval;
    /** Single clip files' reservations, each with the profile whose lock its removal takes. */
    private final Reservations.OwnedKeys reservations;

    public ClipFiles(StorageClient storage, StorageRemovals removals, ErasedUsers erasedUsers, Vertx vertx,
            ClipsConfig config, StorageConfig storageConfig) {
        this.storage = storage;
        this.removals = removals;
        this.erasedUsers = erasedUsers;
        this.vertx = vertx;
        this.sweepInterval = config.fileSweepInterval();
        this.reservations = new Reservations.OwnedKeys("clip_file_removals", "path", "profile_id", storageConfig);
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
     * Streams an upload's body to a staging key of its own, at most {@code maxBytes} (413 beyond). An upload whose
     * user was erased meanwhile leaves nothing and is refused ({@link #leaveNothingIfErased}).
     */
    public Upload stage(UUID userId, UUID profileId, int promptIndex, InputStream body, MediaKind kind, long maxBytes)
            throws IOException {
        UUID uploadId = UUID.randomUUID();
        String staged = StorageKeys.incomingClip(userId, profileId, uploadId, kind.extension());
        StorageClient.StoredObject stored;
        try {
            stored = storage.put(staged, body, maxBytes, kind.mimeType());
        } catch (StorageClient.SizeLimitExceededException e) {
            throw ProblemException.tooLarge(maxBytes);
        } catch (IOException e) {
            // The erasure may have removed the folder under it.
            leaveNothingIfErased(userId, staged);
            throw e;
        }
        Upload upload = new Upload(profileId, staged,
                StorageKeys.trainingClip(userId, profileId, promptIndex, uploadId, kind.extension()),
                stored.sizeBytes());
        try {
            reserveUnlessErased(userId, upload);
        } catch (RuntimeException e) {
            discard(staged);
            throw e;
        }
        return upload;
    }

    /**
     * Moves the staged file to the upload's final key, reserved when it was staged ({@link #stage}), outside any
     * transaction: the key is this upload's own, so no committed row points at it and nothing else writes it.
     */
    public void place(Upload upload) {
        try {
            storage.move(upload.staged(), upload.key());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Ends the reservation, inside the transaction that points a row at the file; fails if it lapsed, since the
     * sweeper may be removing the file.
     */
    public Uni<Void> claim(String finalKey) {
        return reservations.claim(finalKey);
    }

    /**
     * An upload that failed: its staged file goes, and its final key, which it may have reached before the failure,
     * is removed unless a committed row uses it.
     */
    public void abandon(Upload upload) {
        discard(upload.staged());
        try {
            await(() -> Panache.withTransaction(() -> scheduleRemoval(upload.profileId(), upload.key())));
        } catch (RuntimeException e) {
            LOG.warnf("clip audio %s may be unused and could not be scheduled for removal: %s", upload.key(),
                    e.getMessage());
        }
        removeUnused(upload.profileId());
    }

    /** Schedules a file for removal once no row points at it; call inside the transaction that makes it unused. */
    public Uni<Void> scheduleRemoval(UUID profileId, String path) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(SCHEDULE)
                .setParameter("path", path).setParameter("profile", profileId).executeUpdate())
                .replaceWithVoid();
    }

    /**
     * Removes now, after its commit, what the last change of the profile's clips made unused; each file only if,
     * under the profile's lock, no row uses it. What fails here, the sweeper removes later.
     */
    public void removeUnused(UUID profileId) {
        try {
            await(() -> Panache.withSession(() -> ClipFileRemoval.<ClipFileRemoval> list(
                    "profileId = ?1 and " + DUE, profileId))
                    .flatMap(this::removeEach));
        } catch (RuntimeException e) {
            LOG.warnf("unused clip audio of profile %s stays until the next sweep: %s", profileId, e.getMessage());
        }
    }

    /**
     * A deleted profile's files, inside the transaction that deletes its clip rows: its whole storage folders
     * (committed, staged and partial files) are scheduled for removal once it commits, which covers its single files,
     * so their rows go, all but the reservations still holding: an upload that reserved its key before this
     * transaction may still move its file there after the folders are gone, and should it crash before its commit or
     * abandon, its reservation is what makes the sweeper remove that file once it lapses ({@link #removeOne}).
     */
    public Uni<Void> removeAllOf(UUID userId, UUID profileId) {
        return reservations.dropAllButLive(List.of(profileId))
                .chain(() -> removals.schedule(StorageKeys.clipFolders(userId, profileId)));
    }

    /**
     * An erased user's files, as {@link #removeAllOf} for each profile and the user's whole storage folders. The
     * reservations kept count as the user's storage still to remove (clips-service's ErasurePart), so the erasure
     * completes once each went: at once when its upload is refused and abandons it, after it lapsed on a crash.
     */
    public Uni<Void> removeAllOfUser(UUID userId, List<UUID> profileIds) {
        return reservations.dropAllButLive(profileIds)
                .chain(() -> removals.schedule(StorageKeys.userClipFolders(userId)));
    }

    /** Removes the oldest scheduled files of any profile, as {@link #removeUnused} does. */
    public Uni<Integer> sweep() {
        return Panache.withSession(() -> ClipFileRemoval.<ClipFileRemoval> find(DUE + " order by requestedAt")
                .range(0, SWEEP_BATCH - 1).list())
                .flatMap(this::removeEach);
    }

    /**
     * An upload whose body ended after its user's erasure removed their storage folders (docs/erasure.md): its
     * staged file is scheduled for removal like the folders were (the storage sweeper retries it, and the erasure's
     * part waits for it) and the upload is refused with 410. Takes the user's turn, so an erasure being applied now
     * is seen once it commits, and one that commits later removes the file with the folders.
     */
    private void leaveNothingIfErased(UUID userId, String staged) {
        refuseIfErased(userId, staged, () -> Uni.createFrom().voidItem());
    }

    /**
     * {@link #leaveNothingIfErased}, and otherwise, in the same transaction, the reservation of the upload's final
     * key (should the upload never commit, not even to say so, a crash, the file is removed once the staged age has
     * passed): one transaction for both, since every upload that got this far needs them.
     */
    private void reserveUnlessErased(UUID userId, Upload upload) {
        refuseIfErased(userId, upload.staged(), () -> reservations.reserve(upload.key(), upload.profileId()));
    }

    private void refuseIfErased(UUID userId, String staged, Supplier<Uni<Void>> otherwise) {
        List<String> file = List.of(staged);
        boolean erased = await(() -> Panache.withTransaction(() -> erasedUsers.takeTurn(userId)
                .chain(() -> erasedUsers.isErased(userId))
                .call(gone -> gone ? removals.schedule(file) : otherwise.get())));
        if (erased) {
            await(() -> removals.removeNow(file).onFailure().recoverWithItem(0));
            throw ErasedUsers.erasedProblem();
        }
    }

    /** Deletes a file nothing points at yet (a staged upload that never committed). */
    private void discard(String path) {
        try {
            storage.delete(path);
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("unused clip audio %s could not be removed: %s", path, e.getMessage());
        }
    }

    private Uni<Integer> removeEach(List<ClipFileRemoval> due) {
        return Multi.createFrom().iterable(due)
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

    /**
     * An upload on its way: its staging key, the final key of its own it goes to, and its size.
     */
    public record Upload(UUID profileId, String staged, String key, long sizeBytes) {
    }
}
