package app.essence.common.config;

import io.quarkus.runtime.StartupEvent;
import io.smallrye.config.SmallRyeConfig;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.interceptor.Interceptor;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Under the {@code prod} profile a service refuses to start while a setting is left at its local default, and says
 * which keys (README, "Production"). Checked first at start; other profiles (the tests, {@code ./essence up}'s
 * {@code local}) run with the defaults.
 */
@ApplicationScoped
public class ProductionSettings {
    public static final String PROFILE = "prod";

    /**
     * Every service: the database's address and password, its runtime role apart from the owner, the Kafka brokers, the tokens' issuer and a way to verify
     * tokens.
     */
    static final List<ProductionSetting> SHARED = List.of(
            ProductionSetting.notLocalAddress("quarkus.datasource.reactive.url", "name the service's database"),
            ProductionSetting.required("quarkus.datasource.password", "the database must ask for a password"),
            ProductionSetting.differentFrom("quarkus.flyway.username", "quarkus.datasource.username",
                    "the service queries as a role that owns no table, so row-level security applies to it; "
                    + "only migrations run as the owner"),
            ProductionSetting.notLocalDefault("quarkus.flyway.password", "local",
                    "the owner's password, which migrations connect with"),
            ProductionSetting.notLocalAddress("kafka.bootstrap.servers", "name the Kafka cluster's brokers"),
            ProductionSetting.notLocalAddress("essence.auth.issuer", "name the issuer of the users' tokens"),
            ProductionSetting.anyOf("no access token could be verified", "essence.auth.jwt-secret",
                    "essence.auth.jwks-url"));

    /**
     * Contributed by the services that keep files (profiles-, clips- and messages-service): production keeps them in
     * S3 (Supabase Storage; docs/storage.md), at an endpoint that is not this machine nor a template's placeholder,
     * with credentials; presigned URLs, when signed for a public endpoint, name one clients can reach.
     */
    public static final ProductionSetting STORAGE = ProductionSetting.allOf(
            ProductionSetting.equalTo("essence.storage.type", "s3", "filesystem",
                    "production keeps its files in S3 (Supabase Storage), never on a local disk"),
            ProductionSetting.notLocalAddress("essence.storage.s3.endpoint", "the S3 endpoint must be the provider's")
                    .onlyWhen("essence.storage.type", "s3", "filesystem"),
            ProductionSetting.notPlaceholder("essence.storage.s3.endpoint", "name the project's S3 endpoint")
                    .onlyWhen("essence.storage.type", "s3", "filesystem"),
            ProductionSetting.notLocalAddress("essence.storage.s3.public-endpoint",
                    "clients fetch playback from it, so it must be an address they reach")
                    .onlyWhen("essence.storage.type", "s3", "filesystem"),
            ProductionSetting.notPlaceholder("essence.storage.s3.public-endpoint", "name the address clients reach")
                    .onlyWhen("essence.storage.type", "s3", "filesystem"),
            ProductionSetting.required("essence.storage.s3.access-key-id", "S3 needs credentials")
                    .onlyWhen("essence.storage.type", "s3", "filesystem"),
            ProductionSetting.required("essence.storage.s3.secret-access-key", "S3 needs credentials")
                    .onlyWhen("essence.storage.type", "s3", "filesystem"));

    /** Contributed by the services that ask profiles-service (clips-service, messages-service). */
    public static final ProductionSetting PROFILES_URL = ProductionSetting.notLocalAddress("essence.profiles.url",
            "name profiles-service");

    void check(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent event,
            Instance<ProductionSetting> contributed) {
        List<String> problems = problems(ConfigProvider.getConfig().unwrap(SmallRyeConfig.class),
                contributed.stream().toList());
        if (!problems.isEmpty()) {
            throw new IllegalStateException("refusing to start under the " + PROFILE + " profile: "
                    + String.join("; ", problems));
        }
    }

    /** What is not fit for production, one sentence per key; nothing outside the prod profile. */
    public static List<String> problems(SmallRyeConfig config, Collection<ProductionSetting> contributed) {
        if (!config.getProfiles().contains(PROFILE)) {
            return List.of();
        }
        return Stream.concat(SHARED.stream(), contributed.stream())
                .map(setting -> setting.problem(config))
                .flatMap(Optional::stream)
                .toList();
    }
}
