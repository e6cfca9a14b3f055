package app.essence.messages.playback;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.identity.Caller;
import app.essence.common.plans.PlanEntitlements;
import app.essence.common.plans.PlanLimit;
import app.essence.common.plans.PlanReplica;
import app.essence.common.problem.ProblemException;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.storage.ByteRange;
import app.essence.common.storage.RangedDownload;
import app.essence.common.storage.StorageClient;
import app.essence.messages.message.LegacyMessage;
import app.essence.messages.message.MessageService;
import app.essence.messages.message.MessageStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.Response;
import java.io.Closeable;
import java.io.IOException;
import java.util.UUID;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Plays a spoken message: its MP3 whole or by one HTTP Range (206), with an ETag naming this synthesis's audio. A play
 * is counted once per listening (docs/messages.md, "Playback and cleanup"): a GET with no Range, or one whose range
 * starts at byte 0 and reaches past the first {@value #PROBE_BYTES} bytes (a player's probe such as {@code bytes=0-1}
 * is not a listening), and not again while an earlier play of the same message could still be going on (within its
 * duration). Seeking, HEAD and downloads do not count. On S3 the answer is a 302 to a short-lived URL of the audio
 * (docs/storage.md, "Playback"), counted as the listening it starts.
 */
@ApplicationScoped
public class Playback {
    static final int PROBE_BYTES = 8192;
    private static final Logger LOG = Logger.getLogger(Playback.class);

    private static final String PLAYED = "update messages set play_count = play_count + 1, last_played_at = now() "
            + "where id = :id and (last_played_at is null "
            + "or last_played_at <= now() - coalesce(duration_ms, 0) * interval '1 millisecond')";

    private final StorageClient storage;
    private final PlanReplica plans;
    private final PlanEntitlements entitlements;

    public Playback(StorageClient storage, PlanReplica plans, PlanEntitlements entitlements) {
        this.storage = storage;
        this.plans = plans;
        this.entitlements = entitlements;
    }

    /**
     * The message's audio for listening; as a download (an attachment to keep) only on a plan that includes audio
     * download, else a 402 problem naming the plan that does. {@code head} answers the same status and headers
     * without opening the file or counting a play.
     */
    public Response audio(Caller caller, UUID id, String rangeHeader, boolean download, boolean head)
            throws IOException {
        LegacyMessage message = await(() -> RowSecurity.inUserTransaction(caller.userId(),
                () -> MessageService.owned(caller, id, LockModeType.NONE)));
        if (download) {
            await(() -> plans.effectivePlan(caller.userId())
                    .invoke(plan -> entitlements.require(plan, PlanLimit.AUDIO_DOWNLOAD, 0)));
        }
        if (message.status != MessageStatus.ready) {
            throw ProblemException.notFound("audio of message " + id + " (it is " + message.status + ")");
        }
        StorageClient.StoredObject stored = storage.stat(message.audioStoragePath)
                .orElseThrow(() -> ProblemException.notFound("audio of message " + id));
        Optional<ByteRange> range = ByteRange.parse(rangeHeader, stored.sizeBytes());
        Optional<String> disposition = download
                ? Optional.of("attachment; filename=\"message-" + id + ".mp3\"")
                : Optional.empty();
        Response.ResponseBuilder served;
        if (head) {
            served = RangedDownload.head(storage, stored, message.mimeType, range, disposition);
        } else {
            Response response = RangedDownload.of(storage, stored, message.mimeType, range, disposition);
            if (!download && startsAListening(range, stored.sizeBytes())) {
                countPlay(caller, id, response);
            }
            served = Response.fromResponse(response);
        }
        served.tag(new EntityTag(message.synthesisId.toString()));
        return served.build();
    }

    /** Counts the play; if that fails, the stream opened for it is closed before the failure answers. */
    private static void countPlay(Caller caller, UUID id, Response response) {
        try {
            await(() -> RowSecurity.inUserTransaction(caller.userId(), () -> Panache.getSession()
                    .flatMap(session -> session.createNativeQuery(PLAYED).setParameter("id", id).executeUpdate())));
        } catch (RuntimeException e) {
            if (response.getEntity() instanceof Closeable stream) {
                try {
                    stream.close();
                } catch (IOException closing) {
                    LOG.debugf("audio stream of message %s did not close: %s", id, closing.toString());
                }
            }
            throw e;
        }
    }

    static boolean startsAListening(Optional<ByteRange> range, long size) {
        return range.map(r -> r.first() == 0 && r.last() + 1 >= Math.min(size, PROBE_BYTES)).orElse(true);
    }
}
