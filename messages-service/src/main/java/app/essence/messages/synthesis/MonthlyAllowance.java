package app.essence.messages.synthesis;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/**
 * The plan's messages per calendar month (UTC): the syntheses a user asked for this month that did not fail,
 * deleted messages included. Counted under a per-user advisory lock held to the end of the transaction, so two
 * requests at once never both take the last one.
 */
@ApplicationScoped
public class MonthlyAllowance {
    private static final String LOCK = "select count(*) from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) "
            + "as locked";
    private static final String USED = "select count(*) from message_syntheses where user_id = :user "
            + "and started_at >= date_trunc('month', now() at time zone 'UTC') at time zone 'UTC' "
            + "and (outcome is null or outcome <> 'failed')";

    /** Succeeds if the user may have one more message spoken this month; call inside the requesting transaction. */
    public Uni<Void> take(UUID userId) {
        return used(userId).replaceWithVoid();
    }

    Uni<Long> used(UUID userId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(LOCK, Long.class)
                .setParameter("key", "message-allowance:" + userId).getSingleResult()
                .chain(() -> session.createNativeQuery(USED, Long.class).setParameter("user", userId)
                        .getSingleResult()));
    }
}
