package app.essence.common.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a service on S3 refuses to start with, and the deadlines every S3 call gets (docs/storage.md). */
class S3SettingsTests {

    @Test
    void theDefaultsAndASeparatePublicEndpointStart() {
        S3SettingsCheck.check(settings(Map.of()));
        S3SettingsCheck.check(settings(Map.of("essence.storage.s3.endpoint", "http://minio.storage.svc:9000",
                "essence.storage.s3.public-endpoint", "https://files.essence.example",
                "essence.storage.s3.presigned-url-lifetime", "1h")));
    }

    @Test
    void presignedUrlsLiveBetweenTenSecondsAndOneHour() {
        for (String lifetime : new String[] { "9s", "61m", "7d", "0s" }) {
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> S3SettingsCheck
                    .check(settings(Map.of("essence.storage.s3.presigned-url-lifetime", lifetime))), lifetime);
            assertTrue(refused.getMessage().contains("presigned-url-lifetime"), refused.getMessage());
        }
        S3SettingsCheck.check(settings(Map.of("essence.storage.s3.presigned-url-lifetime", "10s")));
    }

    @Test
    void eachKindHasABucketOfItsOwn() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> S3SettingsCheck
                .check(settings(Map.of("essence.storage.s3.buckets.avatars", "essence",
                        "essence.storage.s3.buckets.messages", "essence"))));
        assertTrue(refused.getMessage().contains("three different buckets"), refused.getMessage());
    }

    @Test
    void endpointsAreHttpUrls() {
        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> S3SettingsCheck
                .check(settings(Map.of("essence.storage.s3.public-endpoint", "files.essence.example"))));
        assertTrue(refused.getMessage().contains("public-endpoint"), refused.getMessage());
    }

    /** common-storage's META-INF/microprofile-config.properties hands our deadlines to Quarkus' S3 client. */
    @Test
    void everyS3CallHasADeadlineAndEachAttemptOne() {
        SmallRyeConfig defaults = new SmallRyeConfigBuilder().addDefaultInterceptors().addDefaultSources().build();
        assertEquals("60s", defaults.getRawValue("quarkus.s3.api-call-timeout"));
        assertEquals("20s", defaults.getRawValue("quarkus.s3.api-call-attempt-timeout"));
        SmallRyeConfig set = new SmallRyeConfigBuilder().addDefaultInterceptors().addDefaultSources()
                .withSources(new PropertiesConfigSource(Map.of("essence.storage.s3.call-timeout", "15s",
                        "essence.storage.s3.attempt-timeout", "5s"), "test", 500))
                .build();
        assertEquals("15s", set.getRawValue("quarkus.s3.api-call-timeout"));
        assertEquals("5s", set.getRawValue("quarkus.s3.api-call-attempt-timeout"));
    }

    /** S3Settings as a service reads them from {@code values} (S3StorageClientTests' too). */
    static S3Settings settings(Map<String, String> values) {
        // Quarkus' converter reads "5m" as the services do (plain SmallRye wants ISO-8601).
        return new SmallRyeConfigBuilder().withMapping(S3Settings.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(new HashMap<>(values), "test", 100)).build()
                .getConfigMapping(S3Settings.class);
    }
}
