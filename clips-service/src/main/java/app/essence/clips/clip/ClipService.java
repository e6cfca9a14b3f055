package app.essence.clips.clip;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.ownership.ProfileOwner;
import app.essence.clips.ownership.ProfileOwnership;
import app.essence.clips.prompt.Prompt;
import app.essence.clips.prompt.PromptScript;
import app.essence.clips.training.RunningTrainings;
import app.essence.clips.training.TrainingClipSet;
import app.essence.clips.training.TrainingReadiness;
import app.essence.common.events.ClipEvents.ClipDeleted;
import app.essence.common.events.ClipEvents.ClipUploaded;
import app.essence.common.identity.Caller;
import app.essence.common.media.MediaKind;
import app.essence.common.outbox.Outbox;
import app.essence.common.problem.ProblemException;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.clips.quality.ClipJudge;
import app.essence.clips.quality.QualityVerdict;
import app.essence.common.storage.StorageClient;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.Bulkhead;

/**
 * The use cases of a profile's training clips. Audio is streamed to storage on a worker thread; each change of a
 * profile's clips commits with its event, under the profile's replica row lock, so events carry counts in commit
 * order.
 */
@ApplicationScoped
public class ClipService {
    /**
     * Uploads handled at once (streamed, decoded, recorded); beyond it the next is refused with a 503 the client
     * retries, instead of queueing and holding memory. Measured: without it, a cold service under 200 uploads/s
     * ran out of its heap. Override with {@code app.essence.clips.clip.ClipService/upload/Bulkhead/value}.
     */
    static final int MAX_CONCURRENT_UPLOADS = 8;
    private final ProfileOwnership ownership;
    private final PromptScript script;
    private final StorageClient storage;
    private final ClipFiles files;
    private final Outbox outbox;
    private final ClipJudge judge;
    private final long maxBytes;
    private final TrainingReadiness readiness;

    public ClipService(ProfileOwnership ownership, PromptScript script, StorageClient storage, ClipFiles files,
            Outbox outbox, ClipJudge judge, TrainingReadiness readiness,
            ClipsConfig config) {
        this.ownership = ownership;
        this.script = script;
        this.storage = storage;
        this.files = files;
        this.outbox = outbox;
        this.judge = judge;
        this.maxBytes = config.maxBytes();
        this.readiness = readiness;
    }

    /**
     * Records (or re-records) one prompt. The body is streamed to a staging key first, judged, and moved to a final
     * key of this upload's own (reserved first), which no committed row uses; then, under the profile's row lock,
     * the row and its event commit pointing at it. No storage call runs in that transaction (docs/storage.md,
     * "Deadlines"). A replaced recording's file is scheduled for removal in that transaction and removed after the
     * commit: until then the old take plays as its row describes.
     */
    @Bulkhead(MAX_CONCURRENT_UPLOADS)
    public Recorded upload(Caller caller, String token, UUID profileId, String promptIndex, InputStream body,
            Long declaredLength) throws IOException {
        caller.requireSignedUp();
        Prompt prompt = script.at(promptIndex);
        await(() -> ownership.confirm(caller, token, profileId));
        if (declaredLength != null && declaredLength > maxBytes) {
            throw ProblemException.tooLarge(maxBytes);
        }
        return store(caller, profileId, prompt, body, null);
    }

    /**
     * A legacy recording (docs/legacy-import.md), its owner confirmed by the caller: sniffed, stored, judged and
     * announced as an upload is, but never in place of a recorded take ({@link ClipImport.AlreadyRecorded}), and
     * with the import's ledger row in the transaction that records it.
     */
    public Recorded importLegacy(UUID userId, UUID profileId, int promptIndex, InputStream audio, long size,
            ClipImport clipImport) throws IOException {
        Prompt prompt = script.at(Integer.toString(promptIndex));
        if (size > maxBytes) {
            throw ProblemException.tooLarge(maxBytes);
        }
        return store(new Caller(userId, Optional.empty(), false, false), profileId, prompt, audio, clipImport);
    }

    /** Where the clip keeps its audio now, empty when it is gone (the legacy import's verification). */
    public Optional<String> audioPathOf(UUID clipId) {
        TrainingClip clip = await(() -> RowSecurity.inSystemTransaction("legacy import verification",
                () -> TrainingClip.<TrainingClip> findById(clipId)));
        return Optional.ofNullable(clip).map(found -> found.audioStoragePath);
    }

    private Recorded store(Caller caller, UUID profileId, Prompt prompt, InputStream body, ClipImport clipImport)
            throws IOException {
        InputStream in = new BufferedInputStream(body);
        MediaKind kind = MediaKind.sniff(in, MediaKind.AUDIO).orElseThrow(() -> ProblemException
                .unsupportedMediaType("a clip must be WebM/Opus, Ogg, WAV, MP3 or M4A audio"));
        ClipFiles.Upload upload = files.stage(caller.userId(), profileId, prompt.promptIndex(), in, kind, maxBytes);
        Recorded recorded;
        try {
            QualityVerdict verdict = judge.judge(upload.staged(), upload.sizeBytes(), kind, prompt);
            files.place(upload);
            recorded = await(() -> record(caller, profileId, prompt, upload.key(), kind, upload.sizeBytes(), verdict,
                    clipImport));
        } catch (RuntimeException e) {
            files.abandon(upload);
            throw e;
        }
        if (!recorded.created()) {
            files.removeUnused(profileId);
        }
        return recorded;
    }

    public ClipList list(Caller caller, String token, UUID profileId) {
        await(() -> ownership.confirm(caller, token, profileId));
        List<TrainingClip> clips = await(() -> RowSecurity.inUserTransaction(caller.userId(),
                () -> clipsOf(profileId)));
        Map<Integer, TrainingClip> byPrompt = clips.stream()
                .collect(Collectors.toMap(c -> c.promptIndex, Function.identity()));
        List<ClipView> items = script.all().stream()
                .map(p -> byPrompt.containsKey(p.promptIndex()) ? ClipView.of(byPrompt.get(p.promptIndex()))
                        : ClipView.notRecorded(p))
                .toList();
        TrainingClipSet set = RecordedClipsForTraining.setOf(clips);
        return new ClipList(items, null, set.recordedCount(), PromptScript.SIZE, set.redoSuggestedCount(),
                set.usableSeconds(), readiness.ready(set));
    }

    public ClipView get(Caller caller, String token, UUID profileId, String promptIndex) {
        return ClipView.of(recordedClip(caller, token, profileId, promptIndex));
    }

    /** The stored audio of a recorded clip, with the type it was recognised as. */
    public Audio audio(Caller caller, String token, UUID profileId, String promptIndex) throws IOException {
        TrainingClip clip = recordedClip(caller, token, profileId, promptIndex);
        StorageClient.StoredObject stored = storage.stat(clip.audioStoragePath)
                .orElseThrow(() -> ProblemException.notFound("audio of clip " + clip.promptIndex));
        return new Audio(stored, clip.mimeType);
    }

    public void delete(Caller caller, String token, UUID profileId, String promptIndex) {
        Prompt prompt = script.at(promptIndex);
        await(() -> ownership.confirm(caller, token, profileId));
        await(() -> remove(caller, profileId, prompt.promptIndex()));
        files.removeUnused(profileId);
    }

    /**
     * A deleted profile: its clip rows go under its row lock, inside the caller's transaction, and its files once it
     * commits ({@link ClipFiles#removeAllOf}).
     */
    public Uni<Void> removeAllOf(UUID userId, UUID profileId) {
        return TrainingClip.delete("profileId", profileId)
                .chain(() -> files.removeAllOf(userId, profileId));
    }

    /**
     * An erased user: all their clip rows go inside the caller's transaction (their profiles' rows locked first), and
     * their files once it commits ({@link ClipFiles#removeAllOfUser}).
     */
    public Uni<Void> removeAllOfUser(UUID userId, List<UUID> profileIds) {
        return TrainingClip.delete("userId", userId)
                .chain(() -> files.removeAllOfUser(userId, profileIds));
    }

    private TrainingClip recordedClip(Caller caller, String token, UUID profileId, String promptIndex) {
        Prompt prompt = script.at(promptIndex);
        await(() -> ownership.confirm(caller, token, profileId));
        TrainingClip clip = await(() -> RowSecurity.inUserTransaction(caller.userId(),
                () -> clipAt(profileId, prompt.promptIndex())));
        if (clip == null) {
            throw ProblemException.notFound("clip " + prompt.promptIndex() + " of profile " + profileId);
        }
        return clip;
    }

    /** A profile's clips in prompt order; call within a transaction (common-lib RowSecurity). */
    static Uni<List<TrainingClip>> clipsOf(UUID profileId) {
        return TrainingClip.list("profileId = ?1 order by promptIndex", profileId);
    }

    private static Uni<TrainingClip> clipAt(UUID profileId, int promptIndex) {
        return TrainingClip.find("profileId = ?1 and promptIndex = ?2", profileId, promptIndex).firstResult();
    }

    Uni<Recorded> record(Caller caller, UUID profileId, Prompt prompt, String key, MediaKind kind, long sizeBytes,
            QualityVerdict verdict, ClipImport clipImport) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> ownership.lockOwned(caller, profileId)
                .call(owner -> refuseWhileTraining(profileId))
                .flatMap(owner -> TrainingClip
                .<TrainingClip> find("profileId = ?1 and promptIndex = ?2", profileId, prompt.promptIndex())
                .firstResult()
                .invoke(existing -> {
                    if (clipImport != null && existing != null) {
                        throw new ClipImport.AlreadyRecorded(existing.promptIndex);
                    }
                })
                .call(() -> files.claim(key))
                .call(existing -> existing == null
                        ? Uni.createFrom().voidItem()
                        : files.scheduleRemoval(profileId, existing.audioStoragePath))
                .flatMap(existing -> {
                    Instant at = owner.nextEventTime();
                    TrainingClip clip = existing != null ? existing
                            : newClip(owner, prompt, clipImport != null ? clipImport.recordedAt(at) : at);
                    clip.promptText = prompt.promptText();
                    clip.stage = prompt.stage();
                    clip.audioStoragePath = key;
                    clip.mimeType = kind.mimeType();
                    clip.sizeBytes = Math.toIntExact(sizeBytes);
                    clip.judged(verdict);
                    clip.updatedAt = at;
                    return clip.<TrainingClip> persistAndFlush()
                            .call(saved -> clipImport == null ? Uni.createFrom().voidItem()
                                    : clipImport.ledger().apply(clip))
                            .chain(saved -> countOf(profileId))
                            .call(count -> outbox.add(new ClipUploaded(clip.id, profileId, owner.userId,
                                    clip.promptIndex, sizeBytes, clip.durationMs, clip.qualityStatus.name(),
                                    count, at)))
                            .map(count -> new Recorded(ClipView.of(clip), existing == null));
                })));
    }

    Uni<Void> remove(Caller caller, UUID profileId, int promptIndex) {
        return RowSecurity.inUserTransaction(caller.userId(), () -> ownership.lockOwned(caller, profileId)
                .call(owner -> refuseWhileTraining(profileId))
                .flatMap(owner -> TrainingClip
                .<TrainingClip> find("profileId = ?1 and promptIndex = ?2", profileId, promptIndex).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound(
                        "clip " + promptIndex + " of profile " + profileId))
                .flatMap(clip -> {
                    Instant at = owner.nextEventTime();
                    return clip.delete()
                            .chain(clip::flush)
                            .chain(() -> files.scheduleRemoval(profileId, clip.audioStoragePath))
                            .chain(() -> countOf(profileId))
                            .call(count -> outbox.add(new ClipDeleted(clip.id, profileId, owner.userId,
                                    promptIndex, count, at)))
                            .replaceWithVoid();
                })));
    }

    /**
     * A running training sends the clips as they are: they do not change under it. Checked under the profile's
     * row lock, which starting a training takes too.
     */
    private static Uni<Void> refuseWhileTraining(UUID profileId) {
        return RunningTrainings.isTraining(profileId)
                .invoke(running -> {
                    if (running) {
                        throw ProblemException.conflict("the voice of this profile is being trained from its clips; "
                                + "change them once the training has ended");
                    }
                })
                .replaceWithVoid();
    }

    private static Uni<Integer> countOf(UUID profileId) {
        return TrainingClip.count("profileId", profileId).map(Math::toIntExact);
    }

    private static TrainingClip newClip(ProfileOwner owner, Prompt prompt, Instant at) {
        TrainingClip clip = new TrainingClip();
        clip.id = UUID.randomUUID();
        clip.userId = owner.userId;
        clip.profileId = owner.profileId;
        clip.promptIndex = prompt.promptIndex();
        clip.createdAt = at;
        return clip;
    }

    /** The outcome of an upload: the clip, and whether the prompt was recorded for the first time. */
    public record Recorded(ClipView clip, boolean created) {
    }

    public record Audio(StorageClient.StoredObject stored, String mimeType) {
    }
}
