package app.essence.profiles;

import static app.essence.common.reactive.ReactiveBridge.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.reactive.NativeSelects;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.function.BiFunction;
import org.hibernate.reactive.mutiny.Mutiny;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.Test;

/** Native selects that read rows add no query plan per execution (common-lib's NativeSelects says why). */
@QuarkusTest
class NativeSelectsTests {
    private static final String SELECT = "select cast(:n as bigint) + 1 as next";
    private static final String ROWS = "select g.n as number, cast(g.n as text) as label "
            + "from generate_series(1, cast(:n as int)) g(n) order by number desc";
    private static final String PLANS = "select status from user_plans where plan = :plan order by changed_at desc";
    private static final int EXECUTIONS = 200;

    @Inject
    Mutiny.SessionFactory sessions;

    @Test
    void aNativeSelectWithResultsAddsNoQueryPlanPerExecution() {
        long created = misses((session, n) -> NativeSelects.create(session, SELECT, Long.class)
                .setParameter("n", n).getSingleResult().invoke(next -> assertEquals(n + 1, next)));
        assertTrue(created < EXECUTIONS / 10, created + " query plans missed in " + EXECUTIONS + " selects");

        List<Object[]> rows = await(() -> Panache.withSession(() -> Panache.getSession().flatMap(session ->
                NativeSelects.create(session, ROWS, Object[].class).setParameter("n", 3).getResultList())));
        assertEquals(List.of(3, 2, 1), rows.stream().map(row -> ((Number) row[0]).intValue()).toList(),
                "the rows and their order as the select wrote them");
        assertEquals("3", rows.get(0)[1]);

        // Why NativeSelects exists: when this fails, Hibernate Reactive finds a native select's plan again.
        long plain = misses((session, n) -> session.createNativeQuery(SELECT, Long.class)
                .setParameter("n", n).getSingleResult());
        assertTrue(plain >= EXECUTIONS, "only " + plain + " query plans missed in " + EXECUTIONS + " plain native "
                + "selects: Hibernate Reactive finds native plans again, so NativeSelects and this check can be removed "
                + "(docs/architecture.md, \"Native selects\")");
    }

    @Test
    void aNativeSelectOfATableKeepsTheOrderItWrote() {
        String plan = "native-selects-" + UUID.randomUUID();
        // Inserted out of order, so a scan that lost the sort would answer 3, 1, 4, 2, 5.
        update("insert into user_plans (user_id, plan, status, changed_at) select gen_random_uuid(), :plan, "
                + "cast(n as text), timestamptz '2026-01-01' + n * interval '1 hour' "
                + "from unnest(array[3, 1, 4, 2, 5]) n", plan);
        try {
            List<String> statuses = await(() -> Panache.withSession(() -> Panache.getSession().flatMap(session ->
                    NativeSelects.create(session, PLANS, String.class).setParameter("plan", plan).getResultList())));
            assertEquals(List.of("5", "4", "3", "2", "1"), statuses, "the table's rows in the order the select wrote");
        } catch (Throwable failure) {
            // A failed cleanup rides on the failure instead of replacing it.
            try {
                update("delete from user_plans where plan = :plan", plan);
            } catch (Throwable cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
        update("delete from user_plans where plan = :plan", plan);
    }

    private static void update(String sql, String plan) {
        await(() -> Panache.withTransaction(() -> Panache.getSession().flatMap(session ->
                session.createNativeQuery(sql).setParameter("plan", plan).executeUpdate())));
    }

    private long misses(BiFunction<Mutiny.Session, Long, Uni<Long>> select) {
        return planMisses(sessions, () -> {
            for (long n = 0; n < EXECUTIONS; n++) {
                long value = n;
                await(() -> Panache.withSession(() -> Panache.getSession().flatMap(session -> select.apply(session,
                        value))));
            }
        });
    }

    /** How many query plans Hibernate did not find in its cache while {@code work} ran. */
    static long planMisses(Mutiny.SessionFactory sessions, Runnable work) {
        Statistics statistics = sessions.getStatistics();
        boolean wasEnabled = statistics.isStatisticsEnabled();
        statistics.clear();
        statistics.setStatisticsEnabled(true);
        try {
            work.run();
            return statistics.getQueryPlanCacheMissCount();
        } finally {
            statistics.setStatisticsEnabled(wasEnabled);
        }
    }
}
