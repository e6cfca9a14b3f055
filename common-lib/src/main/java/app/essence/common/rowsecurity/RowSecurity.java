package app.essence.common.rowsecurity;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a service opens a transaction that touches its owned tables: as one user, or as the system for a named
 * reason. Their row-level-security policies (docs/architecture.md, "Row-level security") show a transaction the rows
 * of the user it names, every row only under the system context, and nothing at all to a transaction that set
 * neither; both settings are local to the transaction, so nothing is left on a pooled connection.
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
    /** The same for the reactive SQL client, which numbers its parameters. */
    private static final String AS_SYSTEM_ON_POOL = AS_SYSTEM.replace(":value", "$1");

    private RowSecurity() {
    }

    /** Runs {@code work} in a Hibernate Reactive transaction that sees and writes only {@code userId}'s rows. */
    public static <T> Uni<T> inUserTransaction(UUID userId, Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> set(AS_USER, userId.toString()).chain(() -> work.get()));
    }

    /** Runs {@code work} in a Hibernate Reactive transaction under the system context, for {@code reason}. */
    public static <T> Uni<T> inSystemTransaction(String reason, Supplier<Uni<T>> work) {
        return Panache.withTransaction(() -> set(AS_SYSTEM, reason).chain(() -> work.get()));
    }

    /** Runs {@code work} on a connection of {@code pool}, in a transaction under the system context. */
    public static <T> Uni<T> inSystemTransaction(Pool pool, String reason, Function<SqlConnection, Uni<T>> work) {
        return pool.withTransaction(connection -> connection.preparedQuery(AS_SYSTEM_ON_POOL).execute(Tuple.of(reason))
                .chain(() -> work.apply(connection)));
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

    private static Uni<Void> set(String sql, String value) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(sql).setParameter("value", value)
                .getResultList()).replaceWithVoid();
    }
}
