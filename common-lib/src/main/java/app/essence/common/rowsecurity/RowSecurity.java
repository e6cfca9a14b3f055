package app.essence.common.rowsecurity;

import app.essence.common.reactive.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.runtime.SessionOperations;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import java.util.UUID;
import java.util.function.Supplier;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * How a service opens a transaction that touches its owned tables: as one user, or as the system for a named
 * reason. Their row-level-security policies (docs/architecture.md, "Row-level security") show a transaction the rows
 * of the user it names, every row only under the system context, and nothing at all to a transaction that set
 * neither; both settings are local to the transaction, so nothing is left on a pooled connection. Each opens its
 * own transaction: called where one is already open, it fails rather than join it, since its setting would change
 * the context of the transaction it joined (a user's turned into the system's).
 */
public final class RowSecurity {
    /** The setting the policies compare each row's user id with. */
    public static final String USER_ID = "essence.user_id";
    /** The setting that, at {@value #SYSTEM}, lets event handlers, reapers and operator routes see every row. */
    public static final String CONTEXT = "essence.context";
    public static final String SYSTEM = "system";
    /** Why the system context was taken; visible to the transaction only, for whoever inspects it. */
    public static final String REASON = "essence.reason";

    private static final String AS_USER = "select set_config('" + USER_ID + "', :value, true)";
    private static final String AS_SYSTEM = "select set_config('" + CONTEXT + "', '" + SYSTEM + "', true), "
            + "set_config('" + REASON + "', :value, true)";
    /** Hibernate Reactive's persistence unit: the services have one, Quarkus' default. */
    private static final String PERSISTENCE_UNIT = "<default>";

    private RowSecurity() {
    }

    /** Runs {@code work} in a Hibernate Reactive transaction that sees and writes only {@code userId}'s rows. */
    public static <T> Uni<T> inUserTransaction(UUID userId, Supplier<Uni<T>> work) {
        return inNewTransaction("user " + userId, AS_USER, userId.toString(), work);
    }

    /** Runs {@code work} in a Hibernate Reactive transaction under the system context, for {@code reason}. */
    public static <T> Uni<T> inSystemTransaction(String reason, Supplier<Uni<T>> work) {
        return inNewTransaction("the system (" + reason + ")", AS_SYSTEM, reason, work);
    }

    private static <T> Uni<T> inNewTransaction(String who, String sql, String value, Supplier<Uni<T>> work) {
        return Uni.createFrom().deferred(() -> {
            // Off a Vert.x context there is no session to join (and Panache says what is wrong).
            Mutiny.Session open = Vertx.currentContext() == null ? null
                    : SessionOperations.getCurrentSession(PERSISTENCE_UNIT);
            if (open != null && open.currentTransaction() != null) {
                return Uni.createFrom().failure(new IllegalStateException("a transaction for " + who
                        + " cannot join the transaction already open here: it would change that transaction's "
                        + "row-security context"));
            }
            return Panache.withTransaction(() -> set(sql, value).chain(() -> work.get()));
        });
    }

    /**
     * Runs one {@code select} as {@code userId} in a single round trip, for hot reads: the setting and the select go
     * as one simple query, which PostgreSQL runs as one implicit transaction, so the setting holds for the select and
     * ends with it. A simple query takes no parameters: {@code select} writes its values with {@link #literal(UUID)}.
     */
    public static Uni<RowSet<Row>> readAsUser(SqlClient client, UUID userId, String select) {
        if (select.indexOf(';') >= 0) {
            throw new IllegalArgumentException("one statement, without ';'");
        }
        return client.query("select set_config('" + USER_ID + "', " + literal(userId) + ", true); " + select).execute()
                .map(RowSet::next);
    }

    /** A uuid as an SQL literal: its text is hex digits and dashes only, so it cannot end the string it is in. */
    public static String literal(UUID id) {
        return "'" + id + "'";
    }

    /** The {@code select set_config(...)}, made by {@link NativeSelects} as every native select that reads rows. */
    private static Uni<Void> set(String sql, String value) {
        return Panache.getSession().flatMap(session -> NativeSelects.create(session, sql, Object[].class)
                .setParameter("value", value).getResultList()).replaceWithVoid();
    }
}
