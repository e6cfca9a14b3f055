package app.essence.profiles.avatar;

import io.smallrye.config.ConfigMapping;

/**
 * profiles-service's own keys, under {@code essence.profiles}: today only the avatar's. A key under the prefix in its
 * configuration files that no method here names stops the service from starting (SRCFG00050).
 */
@ConfigMapping(prefix = "essence.profiles")
public interface ProfilesConfig {
    /**
     * Largest avatar accepted, in bytes. Its default is in application.properties, where the HTTP body limit
     * ({@code quarkus.http.limits.max-body-size}) reads it too.
     */
    long avatarMaxBytes();
}
