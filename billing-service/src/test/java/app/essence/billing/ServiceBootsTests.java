package app.essence.billing;

import app.essence.testing.ServiceBootsContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;

@QuarkusTest
class ServiceBootsTests extends ServiceBootsContract {
    @Override
    protected String database() {
        return "essence_billing_test";
    }

    @Override
    protected Set<String> providers() {
        return Set.of("stripe");
    }
}
