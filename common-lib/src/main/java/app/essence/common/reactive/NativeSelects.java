package app.essence.common.reactive;

import java.util.List;
import java.util.regex.Pattern;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The one way to create a native select that reads its rows (docs/architecture.md, "Native selects", says why and
 * when to remove it): written plainly, Hibernate Reactive 3.2 adds a query plan per execution and never finds it
 * again. The select runs inside a filter binding a list of one, always true, which Hibernate ORM 7.2 keeps out of
 * the plan cache. Its rows and its locks ({@code for update} in a subquery) stay as written, and so does its order:
 * SQL does not promise a subquery's order, but PostgreSQL keeps a single ordered subquery's order for this shape.
 */
public final class NativeSelects {
    private static final String MARK = "uncached";
    private static final List<Integer> ONE = List.of(1);
    private static final Pattern SELECT = Pattern.compile("(?i)(?:select|with)\\b");

    private NativeSelects() {
    }

    /**
     * {@code session.createNativeQuery(sql, type)}, adding no query plan when it runs. {@code sql} is one select,
     * starting with {@code select} or {@code with}: PostgreSQL refuses a data-modifying {@code with} inside the
     * wrapping's subquery (0A000, "WITH clause containing a data-modifying statement must be at the top level"), and a
     * {@code ;} would end the wrapping.
     */
    public static <R> Mutiny.SelectionQuery<R> create(Mutiny.Session session, String sql, Class<R> type) {
        return session.createNativeQuery(uncached(sql), type).setParameter(MARK, ONE);
    }

    static String uncached(String sql) {
        String select = sql.strip();
        if (!SELECT.matcher(select).lookingAt() || select.contains(";")) {
            throw new IllegalArgumentException("not one select, which NativeSelects wraps: " + sql);
        }
        return "select * from (" + sql + ") selected where 1 in (:" + MARK + ")";
    }
}
