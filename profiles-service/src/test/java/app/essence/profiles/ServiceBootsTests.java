package app.essence.profiles;

import app.essence.testing.ServiceBootsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceBootsTests extends ServiceBootsContract {
    @Override
    protected String database() {
        return "essence_profiles_test";
    }
}
