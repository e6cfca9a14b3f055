package app.essence.messages;

import app.essence.testing.ElevenLabsStub;
import app.essence.testing.KafkaResource;
import app.essence.testing.OpenAiChatStub;
import app.essence.testing.PostgresResource;
import app.essence.testing.ProfilesServiceStub;
import app.essence.testing.SupabaseAuthStub;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * The real parts every test of this service runs against: PostgreSQL, a Kafka broker, and the stand-ins for
 * Supabase Auth, profiles-service's read-through route, an OpenAI-compatible chat endpoint and ElevenLabs.
 */
@QuarkusTestResource(value = PostgresResource.class,
        initArgs = @ResourceArg(name = "database", value = "essence_messages_test"))
@QuarkusTestResource(KafkaResource.class)
@QuarkusTestResource(SupabaseAuthStub.class)
@QuarkusTestResource(ProfilesServiceStub.class)
@QuarkusTestResource(OpenAiChatStub.class)
@QuarkusTestResource(ElevenLabsStub.class)
public final class TestInfrastructure {
    private TestInfrastructure() {
    }
}
