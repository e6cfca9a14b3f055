package app.essence.common.erasure;

import app.essence.common.problem.ProblemException;
import app.essence.common.problem.ProblemType;
import app.essence.common.reactive.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.UUID;

/**
 * The users whose account was erased here ({@code erased_users}): remembered by id so that nothing of theirs is
 * kept again, by a late event or by a request made with a token that is still valid (docs/erasure.md). Call within
 * a transaction.
 */
@ApplicationScoped
public class ErasedUsers {
    /** One user's writes and their erasure take turns: each sees what the other committed. */
    private static final String TAKE_TURN = "select count(*) from (select pg_advisory_xact_lock("
            + "hashtextextended(:user, 0))) turn";
    private static final String RECORD = "insert into erased_users (user_id, erased_at) values (:user, :at) "
            + "on conflict (user_id) do nothing";
    private static final String ERASED = "select 1 from erased_users where user_id = :user";

    /** Waits for the user's turn, held until the transaction ends. */
    public Uni<Void> takeTurn(UUID userId) {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session, TAKE_TURN, Long.class)
                .setParameter("user", userId.toString()).getSingleResult()).replaceWithVoid();
    }

    /** Remembers the user as erased; answers false if they already were. */
    public Uni<Boolean> record(UUID userId, Instant at) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(RECORD)
                .setParameter("user", userId).setParameter("at", at).executeUpdate()).map(rows -> rows > 0);
    }

    public Uni<Boolean> isErased(UUID userId) {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session, ERASED, Integer.class)
                .setParameter("user", userId).getResultList()).map(rows -> !rows.isEmpty());
    }

    /** Takes the user's turn and refuses with 410 account-erased if the account was erased. */
    public Uni<Void> refuseIfErased(UUID userId) {
        return takeTurn(userId).chain(() -> isErased(userId)).invoke(erased -> {
            if (erased) {
                throw erasedProblem();
            }
        }).replaceWithVoid();
    }

    /** The 410 {@code account-erased} answer (docs/erasure.md). */
    public static ProblemException erasedProblem() {
        return new ProblemException(ProblemType.ACCOUNT_ERASED,
                "this account was erased; nothing can be created for it any more");
    }
}
