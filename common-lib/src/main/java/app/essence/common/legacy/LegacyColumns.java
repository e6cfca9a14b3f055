package app.essence.common.legacy;

import static app.essence.common.legacy.LegacyTable.quoted;

import io.smallrye.config.WithDefault;

/**
 * The columns every legacy table has (docs/legacy-import.md, "Mapping"), with the product's camelCase names as
 * defaults: a slice's {@code @ConfigMapping} extends it with its table's name and its own columns.
 */
public interface LegacyColumns {
    String table();

    @WithDefault("id")
    String id();

    @WithDefault("userId")
    String userId();

    @WithDefault("profileId")
    String profileId();

    @WithDefault("createdAt")
    String createdAt();

    @WithDefault("audioData")
    String audio();

    default LegacyTable legacyTable() {
        return new LegacyTable(table(), id(), audio());
    }

    /**
     * What {@link LegacySlice#rowsQuery()} selects of every row, of the table named {@code alias}: {@code legacy_id},
     * {@code legacy_key}, {@code user_id}, {@code profile_id} and {@code created_at}.
     */
    default String selectedBy(String alias) {
        String id = alias + "." + quoted(id());
        return id + "::text as legacy_id, " + id + " as legacy_key, " + alias + "." + quoted(userId())
                + "::text as user_id, " + alias + "." + quoted(profileId()) + "::text as profile_id, " + alias + "."
                + quoted(createdAt()) + " as created_at";
    }
}
