package app.essence.common.paging;

import java.util.List;

/** One page of a list (docs/design.md §4): {@code {"items": [...], "next_cursor": "…" | null}}. */
public record Page<T>(List<T> items, String nextCursor) {
}
