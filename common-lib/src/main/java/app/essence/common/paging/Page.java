package app.essence.common.paging;

import java.util.List;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** One page of a list (docs/design.md §4): {@code {"items": [...], "next_cursor": "…" | null}}. */
public record Page<T>(List<T> items, @Schema(nullable = true) String nextCursor) {
}
