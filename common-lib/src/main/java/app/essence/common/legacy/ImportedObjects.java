package app.essence.common.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The stored objects an import verifies (docs/legacy-import.md): the service's storage, through common-storage's
 * {@code StorageImportedObjects}. A service without one (billing-service, which keeps no files) refuses the import
 * before it starts.
 */
public interface ImportedObjects {

    /** The whole stored object at {@code path}, or empty if there is none. */
    Optional<InputStream> open(String path) throws IOException;
}
