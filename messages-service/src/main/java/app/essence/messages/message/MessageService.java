package app.essence.messages.message;

import static app.essence.common.reactive.ReactiveBridge.await;

import app.essence.common.events.MessageEvents.MessageCreated;
import app.essence.common.events.MessageEvents.MessageDeleted;
import app.essence.common.identity.Caller;
import app.essence.common.outbox.Outbox;
import app.essence.common.paging.Page;
import app.essence.common.paging.PageRequest;
import app.essence.common.problem.ProblemException;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.common.problem.ProblemType;
import app.essence.common.storage.StorageKeys;
import app.essence.common.storage.StorageRemovals;
import app.essence.common.time.DbTime;
import app.essence.messages.ownership.ProfileOwner;
import app.essence.messages.ownership.ProfileOwnership;
import app.essence.messages.writing.MessagePrompt;
import app.essence.messages.writing.MessageWriter;
import app.essence.messages.writing.WrittenText;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Parameters;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The use cases of a user's messages. Another user's message or profile does not exist here. Creating and
 * deleting a message commit with their event under the profile's replica row lock, so the message count each
 * event carries follows commit order. The writer is asked outside any transaction (it may be a remote model).
 */
@ApplicationScoped
public class MessageService {
    private static final Logger LOG = Logger.getLogger(MessageService.class);

    private final ProfileOwnership ownership;
    private final MessageWriter writer;
    private final MessagePatcher patcher;
    private final Outbox outbox;
    private final StorageRemovals removals;

    public MessageService(ProfileOwnership ownership, MessageWriter writer, MessagePatcher patcher, Outbox outbox,
            StorageRemovals removals) {
        this.ownership = ownership;
        this.writer = writer;
        this.patcher = patcher;
        this.outbox = outbox;
        this.removals = removals;
    }

    public MessageView create(Caller caller, String token, UUID profileId, MessageFields fields) {
        caller.requireSignedUp();
        await(() -> ownership.confirm(caller, token, profileId));
        WrittenText written = writer.write(new MessagePrompt(fields.category(), fields.recipientLabel(),
                fields.momentLabel(), fields.promptText()));
        return await(() -> RowSecurity.inUserTransaction(caller.userId(), () -> ownership.lockOwned(caller, profileId)
                .flatMap(owner -> record(owner, fields, written))));
    }

    public Page<MessageView> list(Caller caller, String token, UUID profileId, String status, String category,
            PageRequest page) {
        MessageStatus wantedStatus = status == null ? null : Arrays.stream(MessageStatus.values())
                .filter(s -> s.name().equals(status)).findFirst()
                .orElseThrow(() -> ProblemException.invalidField("status",
                        "must be one of draft, generating, ready, failed"));
        if (category != null && !category.matches(MessageFields.CATEGORIES)) {
            throw ProblemException.invalidField("category",
                    "must be one of birthday, encouragement, apology, gratitude, other");
        }
        await(() -> ownership.confirm(caller, token, profileId));
        StringBuilder query = new StringBuilder("profileId = :profile and userId = :user");
        Parameters parameters = Parameters.with("profile", profileId).and("user", caller.userId());
        if (wantedStatus != null) {
            query.append(" and status = :status");
            parameters.and("status", wantedStatus);
        }
        if (category != null) {
            query.append(" and category = :category");
            parameters.and("category", category);
        }
        page.after().ifPresent(after -> {
            query.append(" and (createdAt < :at or (createdAt = :at and id < :id))");
            parameters.and("at", after.createdAt()).and("id", after.id());
        });
        query.append(" order by createdAt desc, id desc");
        List<LegacyMessage> rows = await(() -> RowSecurity.inUserTransaction(caller.userId(), () -> LegacyMessage
                .<LegacyMessage> find(query.toString(), parameters).range(0, page.limit()).list()));
        return page.page(rows, m -> new PageRequest.Position(m.createdAt, m.id), MessageView::of);
    }

    public MessageView get(Caller caller, UUID id) {
        return MessageView.of(await(() -> RowSecurity.inUserTransaction(caller.userId(),
                () -> owned(caller, id, LockModeType.NONE))));
    }

    /** Changes the message's words while it is a draft or its speech failed; the server's fields are refused. */
    public MessageView update(Caller caller, UUID id, ObjectNode patch) {
        caller.requireSignedUp();
        return await(() -> RowSecurity.inUserTransaction(caller.userId(),
                () -> owned(caller, id, LockModeType.PESSIMISTIC_WRITE)
                .map(message -> {
                    requireEditable(message);
                    MessageEdit edit = patcher.patched(message, patch);
                    if (!Objects.equals(edit.generatedText(), message.generatedText)) {
                        message.writerNote = null; // the user's own text now, not the template's fallback
                    }
                    apply(message, edit.fields());
                    message.generatedText = edit.generatedText();
                    message.updatedAt = DbTime.now();
                    return MessageView.of(message);
                })));
    }

    /**
     * Writes the spoken text again from the (possibly edited) prompt; a draft only. When the writer cannot be used,
     * the text stays as it is and the answer is a 503 problem: the template's text never replaces a written one.
     */
    public MessageView rewrite(Caller caller, UUID id) {
        caller.requireSignedUp();
        LegacyMessage current = await(() -> RowSecurity.inUserTransaction(caller.userId(),
                () -> owned(caller, id, LockModeType.NONE)));
        requireDraft(current);
        WrittenText written = writer.write(MessagePrompt.of(current));
        if (written.standIn()) {
            throw new ProblemException(ProblemType.UNAVAILABLE, "the writing assistant could not rewrite this "
                    + "message just now; its text is unchanged; ask for the rewrite again later");
        }
        return await(() -> RowSecurity.inUserTransaction(caller.userId(),
                () -> owned(caller, id, LockModeType.PESSIMISTIC_WRITE)
                .map(message -> {
                    requireDraft(message);
                    if (!MessagePrompt.of(message).equals(MessagePrompt.of(current))) {
                        throw ProblemException.conflict("the message changed while it was being rewritten; "
                                + "ask for the rewrite again");
                    }
                    message.generatedText = written.text();
                    message.writerNote = written.note();
                    message.updatedAt = DbTime.now();
                    return MessageView.of(message);
                })));
    }

    /**
     * Deletes the message with its event; its audio is scheduled for removal in the same transaction and removed
     * after the commit (retried by the storage sweeper until the storage confirms). A synthesis still running finds
     * its message gone and keeps nothing.
     */
    public void delete(Caller caller, UUID id) {
        caller.requireSignedUp();
        List<String> keys = await(() -> RowSecurity.inUserTransaction(caller.userId(),
                () -> lockedWithProfile(caller, id,
                (owner, message) -> remove(owner, message))));
        try {
            await(() -> removals.removeNow(keys));
        } catch (RuntimeException e) {
            LOG.warnf("audio of deleted message %s stays until the next sweep: %s", id, e.getMessage());
        }
    }

    /**
     * A deleted profile's messages go (inside the event's transaction); its message folders, committed and staged,
     * are scheduled for removal once it commits.
     */
    public Uni<Void> removeAllOfProfile(UUID userId, UUID profileId) {
        return LegacyMessage.delete("profileId", profileId)
                .chain(() -> removals.schedule(StorageKeys.messageFolders(userId, profileId)));
    }

    /** An erased user's messages and syntheses go (inside the event's transaction), and all their audio after it. */
    public Uni<Void> removeAllOfUser(UUID userId) {
        return LegacyMessage.delete("userId", userId)
                .chain(() -> Panache.getSession().flatMap(session -> session
                        .createNativeQuery("delete from message_syntheses where user_id = :user")
                        .setParameter("user", userId).executeUpdate()))
                .chain(() -> removals.schedule(StorageKeys.userMessageFolders(userId)));
    }

    /** The caller's message, or 404 exactly as for an id that never existed. */
    public static Uni<LegacyMessage> owned(Caller caller, UUID id, LockModeType lock) {
        return LegacyMessage.<LegacyMessage> find("id = ?1 and userId = ?2", id, caller.userId())
                .withLock(lock).firstResult()
                .onItem().ifNull().failWith(() -> ProblemException.notFound("message " + id));
    }

    /**
     * Runs {@code step} on the caller's message with its profile's replica row locked first and then the message's
     * own row (the order every change of a profile's messages takes), both read fresh under their locks.
     */
    public static <T> Uni<T> lockedWithProfile(Caller caller, UUID id,
            java.util.function.BiFunction<ProfileOwner, LegacyMessage, Uni<T>> step) {
        return LegacyMessage.profileOf(id)
                .onItem().ifNull().failWith(() -> ProblemException.notFound("message " + id))
                .flatMap(profileId -> ProfileOwner.<ProfileOwner> findById(profileId, LockModeType.PESSIMISTIC_WRITE))
                .flatMap(owner -> owned(caller, id, LockModeType.PESSIMISTIC_WRITE)
                        .flatMap(message -> step.apply(owner, message)));
    }

    private Uni<MessageView> record(ProfileOwner owner, MessageFields fields, WrittenText written) {
        Instant at = owner.nextMessageChange();
        LegacyMessage message = new LegacyMessage();
        message.id = UUID.randomUUID();
        message.userId = owner.userId;
        message.profileId = owner.profileId;
        apply(message, fields);
        message.generatedText = written.text();
        message.writerNote = written.note();
        message.status = MessageStatus.draft;
        message.createdAt = at;
        message.updatedAt = at;
        return message.<LegacyMessage> persistAndFlush()
                .chain(saved -> countOf(owner.profileId))
                .call(count -> outbox.add(new MessageCreated(message.id, owner.profileId, owner.userId, count, at)))
                .map(count -> MessageView.of(message));
    }

    private Uni<List<String>> remove(ProfileOwner owner, LegacyMessage message) {
        Instant at = owner.nextMessageChange();
        List<String> keys = new ArrayList<>();
        keys.add(StorageKeys.message(message.userId, message.profileId, message.id));
        return message.delete()
                .chain(() -> Panache.getSession().flatMap(session -> session.flush()))
                .chain(() -> removals.schedule(keys))
                .chain(() -> countOf(owner.profileId))
                .call(count -> outbox.add(new MessageDeleted(message.id, owner.profileId, owner.userId, count, at)))
                .replaceWith(keys);
    }

    private static Uni<Integer> countOf(UUID profileId) {
        return LegacyMessage.count("profileId", profileId).map(Math::toIntExact);
    }

    private static void apply(LegacyMessage message, MessageFields fields) {
        message.title = fields.title();
        message.category = fields.category();
        message.recipientLabel = fields.recipientLabel();
        message.momentLabel = fields.momentLabel();
        message.promptText = fields.promptText();
    }

    private static void requireEditable(LegacyMessage message) {
        if (!message.status.editable()) {
            throw ProblemException.conflict("a message can be changed only while it is a draft or its speech "
                    + "failed; this one is " + message.status);
        }
    }

    private static void requireDraft(LegacyMessage message) {
        if (message.status != MessageStatus.draft) {
            throw ProblemException.conflict("a message can be rewritten only while it is a draft; this one is "
                    + message.status);
        }
    }
}
