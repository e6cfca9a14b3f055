package app.essence.profiles;

import app.essence.testing.RewordedMigrationsContract;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.util.Map;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/** Databases that applied migrations before their comments were reworded still start (docs/DECISIONS.md). */
@QuarkusTest
class RewordedMigrationsTests {
    @Inject
    Flyway flyway;

    @Test
    void theOldWordsChecksumIsReplacedAndNoOtherIsAccepted() throws Throwable {
        RewordedMigrationsContract.check("essence_profiles_test", Map.of("1", 1152024338), flyway::validate);
    }
}
