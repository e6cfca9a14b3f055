package app.essence.common.legacy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * The legacy import's settings (docs/legacy-import.md) shared by the services that import; which legacy column is
 * which for a service's own rows is that service's ({@code essence.legacy-import.clips.*} and the like).
 */
@ConfigMapping(prefix = "essence.legacy-import")
public interface LegacyImportConfig {
    /** How often a running import logs its progress; {@code 0s} logs none. */
    @WithDefault("5s")
    Duration progressEvery();

    /** The longest a read from the legacy database may wait. */
    @WithDefault("300s")
    Duration socketTimeout();

    /** Legacy rows read per page. */
    @WithDefault("500")
    int pageSize();

    /** The token for profiles-service's operator route; unset, the import signs its own ({@link OperatorToken}). */
    Optional<String> operatorToken();

    /** Where the legacy database says a profile was deleted. */
    DeletionMarks profiles();

    /** Where the legacy database says a user was deleted. */
    DeletionMarks users();

    /** A table's soft deletion: the table, its id and its deletion time column. */
    interface DeletionMarks {
        /** Unset, the table is named as its key ({@code profiles}, {@code users}); {@code none}: never soft-deleted. */
        Optional<String> table();

        @WithDefault("id")
        String id();

        @WithDefault("deletedAt")
        String deletedAt();
    }
}
