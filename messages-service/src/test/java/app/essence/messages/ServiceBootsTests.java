package app.essence.messages;

import app.essence.common.voice.VoiceProviderSettings;
import app.essence.testing.ServiceBootsContract;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Set;

@QuarkusTest
class ServiceBootsTests extends ServiceBootsContract {
    @Override
    protected String database() {
        return "essence_messages_test";
    }

    /** The voice provider the service resolved (the tests' ElevenLabs stub or the local engine). */
    @Override
    protected Set<String> providers() {
        return Set.of(Arc.container().instance(VoiceProviderSettings.class).get().resolved().name());
    }
}
