package app.essence.common.rowsecurity;

import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import java.util.Optional;

/**
 * A service refuses to start when row-level security does not apply to the role it queries as (docs/architecture.md,
 * "Row-level security"): a superuser, a role with BYPASSRLS, the tables' owner or a member of it passes any name
 * check but sees every row. Asked of the database as that role, in every profile: one query at start.
 */
@ApplicationScoped
public class RowSecurityCheck {
    /** As the role to check: who it is, whether RLS applies to it on every table that has RLS, and on how many. */
    public static final String QUERY = "select current_user::text, bool_and(row_security_active(c.oid)), count(*) "
            + "from pg_class c where c.relrowsecurity and c.relnamespace = 'public'::regnamespace";

    void check(@Observes StartupEvent started, Pool pool) {
        Row row = pool.query(QUERY).execute().await().atMost(Duration.ofSeconds(30)).iterator().next();
        problem(row.getString(0), row.getBoolean(1), row.getLong(2)).ifPresent(problem -> {
            throw new IllegalStateException("refusing to start: " + problem);
        });
    }

    /** What is wrong with {@link #QUERY}'s answer ({@code allActive} null when no table has RLS), if anything. */
    public static Optional<String> problem(String role, Boolean allActive, long tables) {
        if (tables == 0) {
            return Optional.of("no table has row-level security: the migrations that enable it did not run");
        }
        if (!Boolean.TRUE.equals(allActive)) {
            return Optional.of("row-level security does not apply to the role " + role + " (a superuser, a role "
                    + "with BYPASSRLS, or the tables' owner): set quarkus.datasource.username to the runtime role");
        }
        return Optional.empty();
    }
}
