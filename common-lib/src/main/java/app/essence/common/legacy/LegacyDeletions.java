package app.essence.common.legacy;

import static app.essence.common.legacy.LegacyTable.quoted;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The legacy profiles and users that were deleted (docs/legacy-import.md, "Deleted profiles and users"): a row of
 * one is skipped, so a deletion is never undone by the import. Which tables and columns say so is configuration;
 * {@code none} as a table says the product never soft-deletes them. A configured table or column that the legacy
 * database lacks refuses the run, so a wrong mapping never reads as "nothing deleted".
 */
@ApplicationScoped
public class LegacyDeletions {
    static final String NONE = "none";
    private final List<Owner> owners;

    public LegacyDeletions(LegacyImportConfig config) {
        List<Owner> all = new ArrayList<>();
        owner("profiles", "profile", config.profiles()).ifPresent(all::add);
        owner("users", "user", config.users()).ifPresent(all::add);
        this.owners = List.copyOf(all);
    }

    private static Optional<Owner> owner(String key, String column, LegacyImportConfig.DeletionMarks marks) {
        String table = marks.table().orElse(key);
        return NONE.equals(table) ? Optional.empty()
                : Optional.of(new Owner(key, column, table, marks.id(), marks.deletedAt()));
    }

    /** Refuses (IllegalArgumentException) when a configured table or column is not in the legacy database. */
    void check(Connection connection) {
        for (Owner owner : owners) {
            try (Statement statement = connection.createStatement()) {
                statement.executeQuery("select " + quoted(owner.id()) + ", " + quoted(owner.deletedAt()) + " from "
                        + quoted(owner.table()) + " limit 0").close();
            } catch (SQLException e) {
                throw new IllegalArgumentException("the legacy " + owner.key() + " are not where the mapping says ("
                        + owner.table() + "." + owner.deletedAt() + "): " + e.getMessage().lines().findFirst()
                        .orElse("") + "; set essence.legacy-import." + owner.key() + ".table, .id and .deleted-at, "
                        + "or .table=none if the product never deleted " + owner.key() + " softly");
            }
        }
    }

    /**
     * The slice's rows with three more columns: {@code copies} (rows of the same id), {@code profile_deleted} and
     * {@code user_deleted}; ordered by {@code legacy_id}.
     */
    String rowsQuery(String sliceRows) {
        StringBuilder sql = new StringBuilder("select q.*, count(*) over (partition by q.legacy_id) as copies");
        StringBuilder joins = new StringBuilder();
        for (Owner owner : owners) {
            String alias = owner.column().charAt(0) + "d";
            sql.append(", coalesce(").append(alias).append(".deleted, false) as ").append(owner.column())
                    .append("_deleted");
            joins.append(" left join (select ").append(quoted(owner.id())).append("::text as id, bool_or(")
                    .append(quoted(owner.deletedAt())).append(" is not null) as deleted from ")
                    .append(quoted(owner.table())).append(" group by 1) ").append(alias).append(" on ").append(alias)
                    .append(".id = q.").append(owner.column()).append("_id");
        }
        return sql.append(" from (").append(sliceRows).append(") q").append(joins).append(" order by q.legacy_id")
                .toString();
    }

    /** Why the row is not imported when its profile or user was deleted. */
    Optional<RowOutcome.NotImported> deleted(LegacyRow row) {
        for (Owner owner : owners) {
            if (Boolean.TRUE.equals(row.values().get(owner.column() + "_deleted"))) {
                return Optional.of(RowOutcome.skipped("deleted-" + owner.column(), "the legacy " + owner.column()
                        + " " + row.text(owner.column() + "_id") + " was deleted (" + owner.table() + "."
                        + owner.deletedAt() + ")"));
            }
        }
        return Optional.empty();
    }

    private record Owner(String key, String column, String table, String id, String deletedAt) {
    }
}
