package app.essence.common.legacy;

import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;

/**
 * Every service's entry point: the service itself, or, with the arguments {@code import-legacy …}, the legacy import
 * of its slice (docs/legacy-import.md) in {@link ImportMode}, which ends the process with its exit code.
 */
@QuarkusMain
public class ServiceMain {

    public static void main(String... args) {
        ImportMode.enterFor(args);
        Quarkus.run(Service.class, args);
    }

    /** The service, or its import. */
    public static class Service implements QuarkusApplication {
        private final LegacyImport legacyImport;

        public Service(LegacyImport legacyImport) {
            this.legacyImport = legacyImport;
        }

        @Override
        public int run(String... args) {
            if (args.length > 0 && ImportCommand.NAME.equals(args[0])) {
                return legacyImport.command(System.out, args);
            }
            Quarkus.waitForExit();
            return 0;
        }
    }
}
