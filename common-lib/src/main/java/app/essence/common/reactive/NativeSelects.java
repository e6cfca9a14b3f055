package app.essence.common.reactive;

import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The one way to create a native select that reads its rows (every {@code createNativeQuery} whose results are read):
 * as written, each execution would add a query plan. Hibernate Reactive 3.2 wraps a native query's result-set mapping
 * in a class without {@code equals} ({@code ReactiveResultSetMapping}), so the plan cache never finds the plan again
 * and adds one per execution, all under the hash of the SQL: a JFR under load found 7 % of the CPU in walking that
 * bucket, and the HQL plans were evicted (bench/notes.md, "P2's CPU"). Neither the hint
 * {@code hibernate.query.plan_cacheable} nor a named mapping helps: Hibernate ORM 7.2 ignores the one for native
 * queries and wraps the other too. What it skips the cache for is a query with a list parameter ("don't cache plans
 * that have parameter lists"), so the select runs inside one whose filter binds a list of one, always true: the plan
 * is built for the execution and dropped with it, and nothing is looked up or added. Only the form of the SQL
 * changes: its rows, their order and its locks ({@code for update} within a subquery) stay as written. Remove this
 * once Hibernate Reactive finds a native select's plan again ({@code NativeSelectsTests} in profiles-service says so).
 */
public final class NativeSelects {
    private static final String MARK = "uncached";
    private static final List<Integer> ONE = List.of(1);

    private NativeSelects() {
    }

    /** {@code session.createNativeQuery(sql, type)}, adding no query plan when it runs. */
    public static <R> Mutiny.SelectionQuery<R> create(Mutiny.Session session, String sql, Class<R> type) {
        return session.createNativeQuery(uncached(sql), type).setParameter(MARK, ONE);
    }

    private static String uncached(String sql) {
        return "select * from (" + sql + ") selected where 1 in (:" + MARK + ")";
    }
}
