package app.essence.messages;

import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.common.config.ProductionSetting;
import app.essence.common.config.ProductionSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** messages-service under prod needs S3 storage and a voice provider named; a plain config test. */
class MessagesProductionSettingsTests {
    private static final List<ProductionSetting> MESSAGES = List.of(MessagesProductionSettings.STORAGE,
            MessagesProductionSettings.PROVIDER_CHOSEN);
    private static final Map<String, String> FIT = Map.of(
            "quarkus.datasource.password", "s3cret",
            "quarkus.datasource.username", "essence_app",
            "quarkus.flyway.username", "essence_owner",
            "essence.auth.jwks-url", "https://project.supabase.co/auth/v1/.well-known/jwks.json",
            "essence.storage.type", "s3",
            "essence.storage.s3.endpoint", "https://project.supabase.co/storage/v1/s3",
            "essence.storage.s3.access-key-id", "key-id",
            "essence.storage.s3.secret-access-key", "key-secret",
            "essence.voice.provider", "elevenlabs");

    @Test
    void aFitConfigurationPasses() {
        assertEquals(List.of(), problems(FIT));
    }

    @Test
    void aProviderNotNamedAndFilesystemStorageAreRefused() {
        Map<String, String> values = new HashMap<>(FIT);
        values.remove("essence.voice.provider");
        values.remove("essence.storage.type");
        List<String> problems = problems(values);
        assertEquals(2, problems.size(), problems.toString());
        assertEquals("essence.voice.provider (ESSENCE_VOICE_PROVIDER) is not set: name the voice provider, "
                + "elevenlabs or local", problems.get(1));
    }

    @Test
    void theWriterMustBeChosenAndTheOpenAiWriterNeedsItsKey() {
        List<ProductionSetting> writer = List.of(MessagesProductionSettings.WRITER_CHOSEN,
                MessagesProductionSettings.OPENAI_KEY);
        assertEquals(List.of("essence.messages.writer.kind (ESSENCE_MESSAGES_WRITER_KIND) is not set: name the "
                + "writer of messages' text, openai or template"), problems(FIT, writer));
        Map<String, String> openai = new HashMap<>(FIT);
        openai.put("essence.messages.writer.kind", "openai");
        assertEquals(List.of("essence.messages.writer.openai.api-key (ESSENCE_MESSAGES_WRITER_OPENAI_API_KEY) is not "
                + "set: the OpenAI writer needs its key"), problems(openai, writer));
        openai.put("essence.messages.writer.openai.api-key", "sk-real");
        assertEquals(List.of(), problems(openai, writer));
        Map<String, String> template = new HashMap<>(FIT);
        template.put("essence.messages.writer.kind", "template");
        assertEquals(List.of(), problems(template, writer));
    }

    @Test
    void profilesServiceOnThisMachineIsRefused() {
        Map<String, String> values = new HashMap<>(FIT);
        values.put("essence.profiles.url", "http://127.0.0.1:8081");
        assertEquals(1, problems(values, List.of(MessagesProductionSettings.PROFILES_URL)).size());
        values.put("essence.profiles.url", "http://profiles-service");
        assertEquals(List.of(), problems(values, List.of(MessagesProductionSettings.PROFILES_URL)));
    }

    private static List<String> problems(Map<String, String> values) {
        return problems(values, MESSAGES);
    }

    private static List<String> problems(Map<String, String> values, List<ProductionSetting> settings) {
        return ProductionSettings.problems(new SmallRyeConfigBuilder().withProfile("prod")
                .withSources(new PropertiesConfigSource(values, "test", 100)).build(), settings);
    }
}
