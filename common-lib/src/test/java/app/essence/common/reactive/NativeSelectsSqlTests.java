package app.essence.common.reactive;

import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** NativeSelects wraps one select and refuses anything else before it reaches a session (docs/architecture.md). */
class NativeSelectsSqlTests {

    @Test
    void anythingButOneSelectIsRefused() {
        for (String sql : new String[] {
                "update profiles set name = 'x' returning id",
                "with gone as (delete from profiles returning id) select id from gone",
                "select 1; delete from profiles",
                "select 1;",
                "  " }) {
            assertThrows(IllegalArgumentException.class, () -> NativeSelects.create(null, sql, Long.class), sql);
        }
    }
}
