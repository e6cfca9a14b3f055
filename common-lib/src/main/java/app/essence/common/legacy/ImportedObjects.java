package app.essence.common.legacy;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;

/**
 * The stored objects an import verifies (docs/legacy-import.md): the service's storage, through common-storage's
 * {@code StorageImportedObjects}. A service with a legacy slice but without common-storage's bean refuses the
 * import before it starts (billing-service, with no slice, is refused earlier by the slice check).
 */
public interface ImportedObjects {

    /** The whole stored object at {@code path}, or empty if there is none. */
    Optional<InputStream> open(String path) throws IOException;
}
