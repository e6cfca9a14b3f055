package app.essence.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProductionSettingsTests {
    private static final Map<String, String> FIT = Map.of(
            "quarkus.datasource.password", "s3cret",
            "quarkus.datasource.username", "essence_app",
            "quarkus.flyway.username", "essence_owner",
            "essence.auth.jwt-secret", "a-real-secret",
            "essence.storage.type", "s3",
            "essence.storage.s3.endpoint", "https://project.supabase.co/storage/v1/s3",
            "essence.storage.s3.access-key-id", "key-id",
            "essence.storage.s3.secret-access-key", "key-secret");

    @Test
    void localDefaultsAreRefusedUnderProdNamingEachKeyAndItsEnvironmentVariable() {
        List<String> problems = ProductionSettings.problems(config("prod", Map.of()),
                List.of(ProductionSettings.STORAGE));
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("quarkus.datasource.password (QUARKUS_DATASOURCE_PASSWORD) is not set"),
                problems.get(0));
        assertTrue(problems.get(1).startsWith("quarkus.flyway.username (QUARKUS_FLYWAY_USERNAME) is not set"),
                problems.get(1));
        assertEquals("neither essence.auth.jwt-secret (ESSENCE_AUTH_JWT_SECRET) nor essence.auth.jwks-url "
                + "(ESSENCE_AUTH_JWKS_URL) is set: no access token could be verified", problems.get(2));
        assertEquals("essence.storage.type (ESSENCE_STORAGE_TYPE) is 'filesystem', not 's3': production keeps its "
                + "files in S3 (Supabase Storage), never on a local disk", problems.get(3));
    }

    @Test
    void otherProfilesRunWithTheLocalDefaults() {
        assertEquals(List.of(), ProductionSettings.problems(config("local", Map.of()),
                List.of(ProductionSettings.STORAGE)));
        assertEquals(List.of(), ProductionSettings.problems(config("test", Map.of()), List.of()));
    }

    @Test
    void settingsFitForProductionPass() {
        assertEquals(List.of(), ProductionSettings.problems(config("prod", FIT),
                List.of(ProductionSettings.STORAGE)));
        // Signing keys alone are enough to verify tokens.
        Map<String, String> jwks = new HashMap<>(FIT);
        jwks.remove("essence.auth.jwt-secret");
        jwks.put("essence.auth.jwks-url", "https://project.supabase.co/auth/v1/.well-known/jwks.json");
        assertEquals(List.of(), ProductionSettings.problems(config("prod", jwks), List.of()));
    }

    @Test
    void queryingAsTheRoleThatMigratesIsRefused() {
        Map<String, String> values = new HashMap<>(FIT);
        values.put("quarkus.datasource.username", "essence_owner");
        assertEquals(List.of("quarkus.flyway.username (QUARKUS_FLYWAY_USERNAME) is quarkus.datasource.username "
                + "(QUARKUS_DATASOURCE_USERNAME)'s 'essence_owner': the service queries as a role that owns no table, "
                + "so row-level security applies to it; only migrations run as the owner"),
                ProductionSettings.problems(config("prod", values), List.of()));
    }

    @Test
    void aBlankPasswordIsRefused() {
        Map<String, String> values = new HashMap<>(FIT);
        values.put("quarkus.datasource.password", " ");
        assertEquals(List.of("quarkus.datasource.password (QUARKUS_DATASOURCE_PASSWORD) is not set: the database "
                + "must ask for a password"), ProductionSettings.problems(config("prod", values),
                        List.of(ProductionSettings.STORAGE)));
    }

    @Test
    void s3OnThisMachineOrWithoutCredentialsIsRefused() {
        for (String local : List.of("http://127.0.0.1:9000", "http://localhost:9000", "http://[::1]:9000")) {
            Map<String, String> values = new HashMap<>(FIT);
            values.put("essence.storage.s3.endpoint", local);
            values.remove("essence.storage.s3.secret-access-key");
            assertEquals(List.of("essence.storage.s3.endpoint (ESSENCE_STORAGE_S3_ENDPOINT) is the local address '"
                    + local + "': the S3 endpoint must be the provider's; essence.storage.s3.secret-access-key "
                    + "(ESSENCE_STORAGE_S3_SECRET_ACCESS_KEY) is not set: S3 needs credentials"),
                    ProductionSettings.problems(config("prod", values), List.of(ProductionSettings.STORAGE)));
        }
        Map<String, String> aws = new HashMap<>(FIT);
        aws.remove("essence.storage.s3.endpoint"); // AWS S3: the SDK's endpoint for the region
        assertEquals(List.of(), ProductionSettings.problems(config("prod", aws), List.of(ProductionSettings.STORAGE)));
    }

    @Test
    void aTemplatesPlaceholderEndpointOrALocalPublicEndpointIsRefused() {
        for (String placeholder : List.of("https://PROJECT.supabase.co/storage/v1/s3",
                "https://<project-ref>.supabase.co/storage/v1/s3", "https://REQUIRED:443")) {
            Map<String, String> values = new HashMap<>(FIT);
            values.put("essence.storage.s3.endpoint", placeholder);
            assertEquals(List.of("essence.storage.s3.endpoint (ESSENCE_STORAGE_S3_ENDPOINT) is the placeholder '"
                    + placeholder + "': name the project's S3 endpoint"),
                    ProductionSettings.problems(config("prod", values), List.of(ProductionSettings.STORAGE)));
        }
        Map<String, String> values = new HashMap<>(FIT);
        values.put("essence.storage.s3.public-endpoint", "http://localhost:9000");
        assertEquals(1, ProductionSettings.problems(config("prod", values), List.of(ProductionSettings.STORAGE))
                .size());
        values.put("essence.storage.s3.endpoint", "http://minio.storage.svc:9000");
        values.put("essence.storage.s3.public-endpoint", "https://files.essence.example");
        assertEquals(List.of(), ProductionSettings.problems(config("prod", values),
                List.of(ProductionSettings.STORAGE)));
    }

    @Test
    void theLocalAddressesOfTheDatabaseKafkaTheIssuerAndProfilesServiceAreRefused() {
        Map<String, String> values = new HashMap<>(FIT);
        values.put("quarkus.datasource.reactive.url", "postgresql://127.0.0.1:5432/essence_clips");
        values.put("kafka.bootstrap.servers", "broker-0.example:9093,localhost:9092");
        values.put("essence.auth.issuer", "http://127.0.0.1:54321/auth/v1");
        values.put("essence.profiles.url", "http://[::1]:8081");
        List<String> problems = ProductionSettings.problems(config("prod", values),
                List.of(ProductionSettings.PROFILES_URL));
        assertEquals(4, problems.size(), problems.toString());
        assertEquals("quarkus.datasource.reactive.url (QUARKUS_DATASOURCE_REACTIVE_URL) is the local address "
                + "'postgresql://127.0.0.1:5432/essence_clips': name the service's database", problems.get(0));
        assertTrue(problems.get(1).startsWith("kafka.bootstrap.servers (KAFKA_BOOTSTRAP_SERVERS)"), problems.get(1));
        assertTrue(problems.get(2).startsWith("essence.auth.issuer (ESSENCE_AUTH_ISSUER)"), problems.get(2));
        assertTrue(problems.get(3).startsWith("essence.profiles.url (ESSENCE_PROFILES_URL)"), problems.get(3));
    }

    @Test
    void addressesOfOtherHostsPass() {
        Map<String, String> values = new HashMap<>(FIT);
        values.put("quarkus.datasource.reactive.url", "postgresql://essence-db.internal:5432/essence_clips?sslmode=verify-full");
        values.put("kafka.bootstrap.servers", "essence-kafka-bootstrap:9093");
        values.put("essence.auth.issuer", "https://localhost-free.supabase.co/auth/v1");
        values.put("essence.profiles.url", "http://profiles-service");
        assertEquals(List.of(), ProductionSettings.problems(config("prod", values),
                List.of(ProductionSettings.PROFILES_URL)));
    }

    @Test
    void filesystemStorageIsRefusedEvenWhenChosenExplicitly() {
        Map<String, String> values = new HashMap<>(FIT);
        values.put("essence.storage.type", "filesystem");
        assertEquals(1, ProductionSettings.problems(config("prod", values), List.of(ProductionSettings.STORAGE))
                .size());
    }

    @Test
    void aProdValueWrittenForTheProfileCounts() {
        Map<String, String> values = new HashMap<>(FIT);
        values.remove("quarkus.datasource.password");
        values.put("%prod.quarkus.datasource.password", "from-the-prod-profile");
        assertEquals(List.of(), ProductionSettings.problems(config("prod", values), List.of()));
    }

    static SmallRyeConfig config(String profile, Map<String, String> values) {
        return new SmallRyeConfigBuilder().withProfile(profile)
                .withSources(new PropertiesConfigSource(values, "test", 100)).build();
    }
}
