package app.essence.clips.events;

import app.essence.clips.clip.ClipFiles;
import app.essence.clips.clip.TrainingClip;
import app.essence.clips.ownership.ProfileOwnership;
import app.essence.common.events.ProfileEvents.ProfileDeleted;
import app.essence.common.inbox.EventHandler;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * A deleted profile: no more uploads to it, and its clips and their files go. The files are removed before the
 * rows, inside the event's transaction: if anything fails the event is retried, and removing a removed file is
 * not an error, so the cleanup completes exactly once in effect.
 */
@ApplicationScoped
public class ProfileDeletedHandler implements EventHandler<ProfileDeleted> {
    private final ProfileOwnership ownership;
    private final ClipFiles files;

    public ProfileDeletedHandler(ProfileOwnership ownership, ClipFiles files) {
        this.ownership = ownership;
        this.files = files;
    }

    @Override
    public Class<ProfileDeleted> eventClass() {
        return ProfileDeleted.class;
    }

    @Override
    public String effect() {
        return "marks the profile deleted for good, removes its clips and their audio files";
    }

    @Override
    public Uni<Void> handle(ProfileDeleted event) {
        return ownership.forget(event.profileId(), event.userId(), event.occurredAt())
                .chain(() -> TrainingClip.<TrainingClip> list("profileId", event.profileId()))
                .call(clips -> {
                    List<String> paths = clips.stream().map(clip -> clip.audioStoragePath).toList();
                    return VertxContextSupport.executeBlocking(() -> {
                        files.removeAll(paths);
                        return paths.size();
                    });
                })
                .chain(clips -> TrainingClip.delete("profileId", event.profileId()))
                .replaceWithVoid();
    }
}
