package app.essence.common.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import app.essence.common.problem.ProblemException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PageRequestTests {

    @Test
    void extraRowMeansAnotherPageWhoseCursorPointsAtTheLastServed() {
        PageRequest request = PageRequest.of(2, null);
        List<PageRequest.Position> rows = List.of(position(1), position(2), position(3));
        Page<UUID> page = request.page(rows, Function.identity(), PageRequest.Position::id);
        assertEquals(List.of(rows.get(0).id(), rows.get(1).id()), page.items());
        assertEquals(rows.get(1), PageRequest.of(2, page.nextCursor()).after().orElseThrow());

        Page<UUID> last = request.page(rows.subList(0, 2), Function.identity(), PageRequest.Position::id);
        assertNull(last.nextCursor());
    }

    @Test
    void limitsAndCursorsAreChecked() {
        assertEquals(PageRequest.DEFAULT_LIMIT, PageRequest.of(null, null).limit());
        assertThrows(ProblemException.class, () -> PageRequest.of(0, null));
        assertThrows(ProblemException.class, () -> PageRequest.of(PageRequest.MAX_LIMIT + 1, null));
        assertThrows(ProblemException.class, () -> PageRequest.of(10, "bm90IGEgY3Vyc29y"));
    }

    private static PageRequest.Position position(int second) {
        return new PageRequest.Position(Instant.parse("2026-01-01T00:00:00.123456Z").plusSeconds(second),
                UUID.randomUUID());
    }
}
