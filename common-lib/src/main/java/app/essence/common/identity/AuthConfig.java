package app.essence.common.identity;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/**
 * How the users' tokens are verified (Supabase). The issuer's local default is in common-lib's
 * microprofile-config.properties, which also hands it to {@code mp.jwt.verify.issuer}.
 */
@ConfigMapping(prefix = "essence.auth")
public interface AuthConfig {
    /** The expected {@code iss} of a token. */
    String issuer();

    /** Supabase's legacy HS256 secret; HS256 tokens are refused without it. */
    Optional<String> jwtSecret();

    /** Supabase's JWKS URL; ES256 and RS256 tokens are refused without it. */
    Optional<String> jwksUrl();

    /** Verified tokens kept, so a repeated token skips its signature check (0: none kept; docs/architecture.md). */
    @WithDefault("1000")
    int verifiedTokenCacheSize();

    /** The longest a verified token is kept, never past its {@code exp}. */
    @WithDefault("5m")
    Duration verifiedTokenCacheFor();
}
