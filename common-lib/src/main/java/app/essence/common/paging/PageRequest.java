package app.essence.common.paging;

import app.essence.common.problem.ProblemException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;

/**
 * Keyset paging over {@code (created_at, id)}: the cursor is the position of the last item served, so pages stay
 * stable while rows are added. Clients treat the cursor as opaque.
 */
public record PageRequest(int limit, Optional<Position> after) {
    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public record Position(Instant createdAt, UUID id) {
    }

    public static PageRequest of(Integer limit, String cursor) {
        int size = limit == null ? DEFAULT_LIMIT : limit;
        if (size < 1 || size > MAX_LIMIT) {
            throw ProblemException.invalidField("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(size, Optional.ofNullable(cursor).filter(c -> !c.isBlank()).map(PageRequest::decode));
    }

    /** Builds the page from up to {@code limit + 1} rows read in order: the extra row only says there is more. */
    public <R, T> Page<T> page(List<R> rows, Function<R, Position> position, Function<R, T> view) {
        boolean more = rows.size() > limit;
        List<R> served = more ? rows.subList(0, limit) : rows;
        String next = more ? encode(position.apply(served.get(served.size() - 1))) : null;
        return new Page<>(served.stream().map(view).toList(), next);
    }

    static String encode(Position position) {
        String raw = position.createdAt().getEpochSecond() + ":" + position.createdAt().getNano() + ":" + position.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    static Position decode(String cursor) {
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split(":");
            return new Position(Instant.ofEpochSecond(Long.parseLong(parts[0]), Long.parseLong(parts[1])),
                    UUID.fromString(parts[2]));
        } catch (RuntimeException e) {
            throw ProblemException.invalidField("cursor", "is not a cursor this API returned");
        }
    }
}
