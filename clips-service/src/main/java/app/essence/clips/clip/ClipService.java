package app.essence.clips.clip;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.clips.ownership.ProfileOwner;
import app.essence.clips.ownership.ProfileOwnership;
import app.essence.clips.prompt.Prompt;
import app.essence.clips.prompt.PromptScript;
import app.essence.common.events.ClipEvents.ClipDeleted;
import app.essence.common.events.ClipEvents.ClipUploaded;
import app.essence.common.identity.Caller;
import app.essence.common.media.MediaKind;
import app.essence.common.outbox.Outbox;
import app.essence.common.problem.ProblemException;
import app.essence.common.storage.StorageClient;
import app.essence.common.storage.StorageKeys;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The use cases of a profile's training clips. Audio is streamed to storage on a worker thread; each change of a
 * profile's clips commits with its event, under the profile's replica row lock, so events carry counts in commit
 * order.
 */
@ApplicationScoped
public class ClipService {
    private final ProfileOwnership ownership;
    private final PromptScript script;
    private final StorageClient storage;
    private final ClipFiles files;
    private final Outbox outbox;
    private final long maxBytes;

    public ClipService(ProfileOwnership ownership, PromptScript script, StorageClient storage, ClipFiles files,
            Outbox outbox, @ConfigProperty(name = "essence.clips.max-bytes", defaultValue = "10485760") long maxBytes) {
        this.ownership = ownership;
        this.script = script;
        this.storage = storage;
        this.files = files;
        this.outbox = outbox;
        this.maxBytes = maxBytes;
    }

    /** Records (or re-records) one prompt; the file of a replaced recording is removed once the new one commits. */
    public Recorded upload(Caller caller, String token, UUID profileId, String promptIndex, InputStream body,
            Long declaredLength) throws IOException {
        Prompt prompt = script.at(promptIndex);
        await(() -> ownership.confirm(caller, token, profileId));
        if (declaredLength != null && declaredLength > maxBytes) {
            throw ProblemException.tooLarge(maxBytes);
        }
        InputStream in = new BufferedInputStream(body);
        MediaKind kind = MediaKind.sniff(in, MediaKind.AUDIO).orElseThrow(() -> ProblemException
                .unsupportedMediaType("a clip must be WebM/Opus, Ogg, WAV, MP3 or M4A audio"));
        String key = StorageKeys.trainingClip(caller.userId(), profileId, prompt.promptIndex(), kind.extension());
        StorageClient.StoredObject stored;
        try {
            stored = storage.put(key, in, maxBytes, kind.mimeType());
        } catch (StorageClient.SizeLimitExceededException e) {
            throw ProblemException.tooLarge(maxBytes);
        }
        Recorded recorded;
        try {
            recorded = await(() -> record(caller, profileId, prompt, key, kind, stored.sizeBytes()));
        } catch (RuntimeException e) {
            files.removeUnlessReferenced(key);
            throw e;
        }
        if (recorded.replacedPath() != null && !recorded.replacedPath().equals(key)) {
            files.remove(recorded.replacedPath());
        }
        return recorded;
    }

    public ClipList list(Caller caller, String token, UUID profileId) {
        await(() -> ownership.confirm(caller, token, profileId));
        List<TrainingClip> clips = await(() -> clipsOf(profileId));
        Map<Integer, TrainingClip> byPrompt = clips.stream()
                .collect(Collectors.toMap(c -> c.promptIndex, Function.identity()));
        List<ClipView> items = script.all().stream()
                .map(p -> byPrompt.containsKey(p.promptIndex()) ? ClipView.of(byPrompt.get(p.promptIndex()))
                        : ClipView.notRecorded(p))
                .toList();
        return new ClipList(items, null, clips.size(), PromptScript.SIZE);
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
        String removedPath = await(() -> remove(caller, profileId, prompt.promptIndex()));
        files.remove(removedPath);
    }

    private TrainingClip recordedClip(Caller caller, String token, UUID profileId, String promptIndex) {
        Prompt prompt = script.at(promptIndex);
        await(() -> ownership.confirm(caller, token, profileId));
        TrainingClip clip = await(() -> clipAt(profileId, prompt.promptIndex()));
        if (clip == null) {
            throw ProblemException.notFound("clip " + prompt.promptIndex() + " of profile " + profileId);
        }
        return clip;
    }

    @WithSession
    Uni<List<TrainingClip>> clipsOf(UUID profileId) {
        return TrainingClip.list("profileId = ?1 order by promptIndex", profileId);
    }

    @WithSession
    Uni<TrainingClip> clipAt(UUID profileId, int promptIndex) {
        return TrainingClip.find("profileId = ?1 and promptIndex = ?2", profileId, promptIndex).firstResult();
    }

    @WithTransaction
    Uni<Recorded> record(Caller caller, UUID profileId, Prompt prompt, String key, MediaKind kind, long sizeBytes) {
        return ownership.lockOwned(caller, profileId).flatMap(owner -> TrainingClip
                .<TrainingClip> find("profileId = ?1 and promptIndex = ?2", profileId, prompt.promptIndex())
                .firstResult()
                .flatMap(existing -> {
                    Instant at = owner.nextClipChange();
                    TrainingClip clip = existing != null ? existing : newClip(owner, prompt);
                    String replacedPath = existing != null ? existing.audioStoragePath : null;
                    clip.promptText = prompt.promptText();
                    clip.stage = prompt.stage();
                    clip.audioStoragePath = key;
                    clip.mimeType = kind.mimeType();
                    clip.sizeBytes = Math.toIntExact(sizeBytes);
                    clip.durationMs = null;
                    clip.qualityStatus = QualityStatus.unknown;
                    clip.createdAt = at;
                    clip.updatedAt = at;
                    return clip.<TrainingClip> persistAndFlush()
                            .chain(saved -> countOf(profileId))
                            .call(count -> outbox.add(new ClipUploaded(clip.id, profileId, owner.userId,
                                    clip.promptIndex, sizeBytes, clip.durationMs, clip.qualityStatus.name(),
                                    count, at)))
                            .map(count -> new Recorded(ClipView.of(clip), replacedPath, existing == null));
                }));
    }

    @WithTransaction
    Uni<String> remove(Caller caller, UUID profileId, int promptIndex) {
        return ownership.lockOwned(caller, profileId).flatMap(owner -> TrainingClip
                .<TrainingClip> find("profileId = ?1 and promptIndex = ?2", profileId, promptIndex).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound(
                        "clip " + promptIndex + " of profile " + profileId))
                .flatMap(clip -> {
                    Instant at = owner.nextClipChange();
                    return clip.delete()
                            .chain(clip::flush)
                            .chain(() -> countOf(profileId))
                            .call(count -> outbox.add(new ClipDeleted(clip.id, profileId, owner.userId,
                                    promptIndex, count, at)))
                            .map(count -> clip.audioStoragePath);
                }));
    }

    private static Uni<Integer> countOf(UUID profileId) {
        return TrainingClip.count("profileId", profileId).map(Math::toIntExact);
    }

    private static TrainingClip newClip(ProfileOwner owner, Prompt prompt) {
        TrainingClip clip = new TrainingClip();
        clip.id = UUID.randomUUID();
        clip.userId = owner.userId;
        clip.profileId = owner.profileId;
        clip.promptIndex = prompt.promptIndex();
        return clip;
    }

    /** The outcome of an upload: the clip, the file it replaced (if any), and whether the prompt was new. */
    public record Recorded(ClipView clip, String replacedPath, boolean created) {
    }

    public record Audio(StorageClient.StoredObject stored, String mimeType) {
    }
}
