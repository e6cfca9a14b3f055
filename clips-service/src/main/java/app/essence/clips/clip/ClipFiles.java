package app.essence.clips.clip;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.storage.StorageClient;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Removes clip audio from storage once no row points at it. Blocking: run on a worker thread. A failure to remove
 * is logged and never undoes the committed change that made the file unused.
 */
@ApplicationScoped
public class ClipFiles {
    private static final Logger LOG = Logger.getLogger(ClipFiles.class);

    private final StorageClient storage;

    public ClipFiles(StorageClient storage) {
        this.storage = storage;
    }

    public void remove(String path) {
        try {
            storage.delete(path);
        } catch (IOException | UncheckedIOException e) {
            LOG.warnf("clip audio %s is no longer used but could not be removed: %s", path, e.getMessage());
        }
    }

    /** Removes every file or fails, so the caller (a deleted profile's cleanup) is retried until storage works. */
    public void removeAll(List<String> paths) {
        for (String path : paths) {
            try {
                storage.delete(path);
            } catch (IOException e) {
                throw new UncheckedIOException("clip audio " + path + " could not be removed", e);
            }
        }
    }

    /** After a failed upload: the new file goes unless a committed row still points at its key. */
    public void removeUnlessReferenced(String path) {
        try {
            if (!await(() -> isReferenced(path))) {
                remove(path);
            }
        } catch (RuntimeException e) {
            LOG.warnf("clip audio %s may be unused; its row could not be checked: %s", path, e.getMessage());
        }
    }

    @WithSession
    Uni<Boolean> isReferenced(String path) {
        return TrainingClip.count("audioStoragePath", path).map(count -> count > 0);
    }
}
