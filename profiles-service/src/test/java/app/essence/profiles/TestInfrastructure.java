package app.essence.profiles;

import app.essence.testing.KafkaResource;
import app.essence.testing.PostgresResource;
import app.essence.testing.SupabaseAuthStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** The real parts every test of this service runs against: PostgreSQL, a Kafka broker, and the auth stand-in. */
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "essence_profiles_test"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SupabaseAuthStub.class)
public final class TestInfrastructure {
    private TestInfrastructure() {
    }
}
