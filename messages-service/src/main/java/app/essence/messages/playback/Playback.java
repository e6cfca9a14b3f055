package app.essence.messages.playback;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.identity.Caller;
import app.essence.common.plans.PlanEntitlements;
import app.essence.common.plans.PlanLimit;
import app.essence.common.plans.PlanReplica;
import app.essence.common.problem.ProblemException;
import app.essence.common.storage.RangedDownload;
import app.essence.common.storage.StorageClient;
import app.essence.messages.message.LegacyMessage;
import app.essence.messages.message.MessageService;
import app.essence.messages.message.MessageStatus;
import io.quarkus.hibernate.reactive.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.core.EntityTag;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Plays a spoken message: its MP3 whole or by HTTP Range (206), with an ETag naming this synthesis's audio. A play is
 * counted once per listening: a request with no Range or one that starts at byte 0; the range requests a player
 * makes while seeking do not count, nor does a download.
 */
@ApplicationScoped
public class Playback {
    private static final Pattern FROM_THE_START = Pattern.compile("\\s*bytes\\s*=\\s*0*0\\s*-.*");

    private static final String PLAYED = "update messages set play_count = play_count + 1, last_played_at = now() "
            + "where id = :id";

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
     * download, else a 402 problem naming the plan that does.
     */
    public Response audio(Caller caller, UUID id, String range, boolean download) throws IOException {
        LegacyMessage message = await(() -> Panache.withSession(() -> MessageService.owned(caller, id,
                LockModeType.NONE)));
        if (download) {
            await(() -> plans.effectivePlan(caller.userId())
                    .invoke(plan -> entitlements.require(plan, PlanLimit.AUDIO_DOWNLOAD, 0)));
        }
        if (message.status != MessageStatus.ready) {
            throw ProblemException.notFound("audio of message " + id + " (it is " + message.status + ")");
        }
        StorageClient.StoredObject stored = storage.stat(message.audioStoragePath)
                .orElseThrow(() -> ProblemException.notFound("audio of message " + id));
        Response response = RangedDownload.of(storage, stored, message.mimeType, range);
        if (!download && startsAListening(range)) {
            await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                    .createNativeQuery(PLAYED).setParameter("id", id).executeUpdate())));
        }
        Response.ResponseBuilder served = Response.fromResponse(response)
                .tag(new EntityTag(message.synthesisId.toString()));
        if (download) {
            served.header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"message-" + id + ".mp3\"");
        }
        return served.build();
    }

    static boolean startsAListening(String range) {
        return range == null || range.isBlank() || FROM_THE_START.matcher(range).matches();
    }
}
