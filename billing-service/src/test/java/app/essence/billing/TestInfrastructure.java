package app.essence.billing;

import app.essence.testing.KafkaResource;
import app.essence.testing.PostgresResource;
import app.essence.testing.SupabaseAuthStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real parts every test of this service runs against: PostgreSQL, a Kafka broker, and the stand-ins for Supabase
 * Auth and the Stripe API.
 */
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "essence_billing_test"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SupabaseAuthStub.class)
@QuarkusTestResource(StripeStub.class)
public final class TestInfrastructure {
    private TestInfrastructure() {
    }
}
