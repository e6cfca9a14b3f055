package app.essence.messages.playback;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.identity.Caller;
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
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Plays a spoken message: its MP3 whole or by HTTP Range (206), with an ETag naming this synthesis's audio. A play is
 * counted once per listening: a request with no Range or one that starts at byte 0; the range requests a player
 * makes while seeking do not count.
 */
@ApplicationScoped
public class Playback {
    private static final Pattern FROM_THE_START = Pattern.compile("\\s*bytes\\s*=\\s*0*0\\s*-.*");

    private static final String PLAYED = "update messages set play_count = play_count + 1, last_played_at = now() "
            + "where id = :id";

    private final StorageClient storage;

    public Playback(StorageClient storage) {
        this.storage = storage;
    }

    public Response audio(Caller caller, UUID id, String range) throws IOException {
        LegacyMessage message = await(() -> Panache.withSession(() -> MessageService.owned(caller, id,
                LockModeType.NONE)));
        if (message.status != MessageStatus.ready) {
            throw ProblemException.notFound("audio of message " + id + " (it is " + message.status + ")");
        }
        StorageClient.StoredObject stored = storage.stat(message.audioStoragePath)
                .orElseThrow(() -> ProblemException.notFound("audio of message " + id));
        Response response = RangedDownload.of(storage, stored, message.mimeType, range);
        if (startsAListening(range)) {
            await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session -> session
                    .createNativeQuery(PLAYED).setParameter("id", id).executeUpdate())));
        }
        return Response.fromResponse(response).tag(new EntityTag(message.synthesisId.toString())).build();
    }

    static boolean startsAListening(String range) {
        return range == null || range.isBlank() || FROM_THE_START.matcher(range).matches();
    }
}
