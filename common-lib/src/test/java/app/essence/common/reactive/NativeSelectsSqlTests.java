package app.essence.common.reactive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** NativeSelects wraps one select and refuses anything else before it reaches a session (docs/architecture.md). */
class NativeSelectsSqlTests {

    @Test
    void aSelectOrAWithIsWrapped() {
        assertEquals("select * from (select id from profiles) selected where 1 in (:uncached)",
                NativeSelects.uncached("select id from profiles"));
        // A data-modifying with is PostgreSQL's to refuse in the subquery (0A000), docs/architecture.md.
        assertEquals("select * from ( WITH kept as (select id from profiles) select id from kept\n) selected "
                + "where 1 in (:uncached)", NativeSelects.uncached(" WITH kept as (select id from profiles) select id "
                + "from kept\n"));
    }

    @Test
    void anythingButOneSelectIsRefused() {
        for (String sql : new String[] {
                "update profiles set name = 'x' returning id",
                "selection from profiles",
                "select 1; delete from profiles",
                "select 1;",
                "  " }) {
            assertThrows(IllegalArgumentException.class, () -> NativeSelects.create(null, sql, Long.class), sql);
        }
    }
}
