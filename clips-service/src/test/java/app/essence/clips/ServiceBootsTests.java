package app.essence.clips;

import app.essence.testing.ServiceBootsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceBootsTests extends ServiceBootsContract {
    @Override
    protected String database() {
        return "essence_clips_test";
    }
}
