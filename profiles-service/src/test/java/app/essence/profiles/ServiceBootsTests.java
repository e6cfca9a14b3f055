package app.essence.profiles;

import app.essence.testing.ServiceBootsContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;

@QuarkusTest
class ServiceBootsTests extends ServiceBootsContract {
    @Override
    protected String database() {
        return "essence_profiles_test";
    }

    /** profiles-service calls no external provider. */
    @Override
    protected Set<String> providers() {
        return Set.of();
    }
}
