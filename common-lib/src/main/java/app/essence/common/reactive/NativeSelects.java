package app.essence.common.reactive;

import java.util.List;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The one way to create a native select that reads its rows: written plainly, each execution adds a query plan.
 * Hibernate Reactive 3.2 wraps a native query's result-set mapping in a class without {@code equals}, so the plan
 * cache never finds the plan again and adds one per execution under the hash of the SQL, evicting the HQL plans (a JFR
 * under load: 7 % of the CPU walking that bucket). Hibernate ORM 7.2 ignores {@code hibernate.query.plan_cacheable}
 * for native queries, and a named mapping is wrapped too; what it leaves out of the cache is a query with a list
 * parameter, so the select runs inside a filter binding a list of one, always true: its plan is built for the
 * execution alone. Its rows, their order and its locks ({@code for update} in a subquery) stay as written. Remove
 * it once a plain native select finds its plan again (profiles-service's {@code NativeSelectsTests} says when).
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
