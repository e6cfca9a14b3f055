package app.essence.messages;

import app.essence.testing.ServiceBootsContract;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ServiceBootsTests extends ServiceBootsContract {
    @Override
    protected String database() {
        return "essence_messages_test";
    }
}
