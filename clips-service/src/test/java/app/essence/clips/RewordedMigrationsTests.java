package app.essence.clips;

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
        RewordedMigrationsContract.check("essence_clips_test", Map.of("1", 1343288557, "4", 1457331858),
                flyway::validate);
    }
}
