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
            "essence.auth.jwt-secret", "a-real-secret",
            "essence.storage.filesystem.root", "/var/lib/essence");

    @Test
    void localDefaultsAreRefusedUnderProdNamingEachKeyAndItsEnvironmentVariable() {
        List<String> problems = ProductionSettings.problems(config("prod", Map.of()),
                List.of(ProductionSettings.STORAGE_ROOT));
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("quarkus.datasource.password (QUARKUS_DATASOURCE_PASSWORD) is not set"),
                problems.get(0));
        assertEquals("neither essence.auth.jwt-secret (ESSENCE_AUTH_JWT_SECRET) nor essence.auth.jwks-url "
                + "(ESSENCE_AUTH_JWKS_URL) is set: no access token could be verified", problems.get(1));
        assertTrue(problems.get(2).startsWith("essence.storage.filesystem.root (ESSENCE_STORAGE_FILESYSTEM_ROOT) is "
                + "not set"), problems.get(2));
    }

    @Test
    void otherProfilesRunWithTheLocalDefaults() {
        assertEquals(List.of(), ProductionSettings.problems(config("local", Map.of()),
                List.of(ProductionSettings.STORAGE_ROOT)));
        assertEquals(List.of(), ProductionSettings.problems(config("test", Map.of()), List.of()));
    }

    @Test
    void settingsFitForProductionPass() {
        assertEquals(List.of(), ProductionSettings.problems(config("prod", FIT),
                List.of(ProductionSettings.STORAGE_ROOT)));
        // Signing keys alone are enough to verify tokens.
        Map<String, String> jwks = new HashMap<>(FIT);
        jwks.remove("essence.auth.jwt-secret");
        jwks.put("essence.auth.jwks-url", "https://project.supabase.co/auth/v1/.well-known/jwks.json");
        assertEquals(List.of(), ProductionSettings.problems(config("prod", jwks), List.of()));
    }

    @Test
    void aBlankPasswordOrARelativeStorageRootIsRefused() {
        Map<String, String> values = new HashMap<>(FIT);
        values.put("quarkus.datasource.password", " ");
        values.put("essence.storage.filesystem.root", ".essence/storage");
        List<String> problems = ProductionSettings.problems(config("prod", values),
                List.of(ProductionSettings.STORAGE_ROOT));
        assertEquals(List.of("quarkus.datasource.password (QUARKUS_DATASOURCE_PASSWORD) is not set: the database "
                + "must ask for a password", "essence.storage.filesystem.root (ESSENCE_STORAGE_FILESYSTEM_ROOT) is "
                + "the relative path '.essence/storage': it must be absolute"), problems);
    }

    @Test
    void theStorageRootMattersOnlyForFilesystemStorage() {
        Map<String, String> values = new HashMap<>(FIT);
        values.remove("essence.storage.filesystem.root");
        values.put("essence.storage.type", "s3");
        assertEquals(List.of(), ProductionSettings.problems(config("prod", values),
                List.of(ProductionSettings.STORAGE_ROOT)));
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
