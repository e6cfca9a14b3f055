package app.essence.common.identity;

import io.smallrye.config.ConfigMapping;
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
}
