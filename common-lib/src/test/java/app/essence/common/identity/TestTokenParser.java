package app.essence.common.identity;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/**
 * The services' token parser as common-lib's tests use it: HS256 tokens of {@link #ISSUER} signed with
 * {@link #SECRET}. test-support's TestTokens builds the same one for the services' tests; common-lib's tests cannot
 * use it, since test-support depends on common-lib.
 */
public final class TestTokenParser {
    public static final String ISSUER = "https://essence-test.supabase.co/auth/v1";
    public static final String SECRET = "essence-test-only-jwt-secret-with-at-least-32-bytes";

    private TestTokenParser() {
    }

    public static SupabaseTokenParser create() {
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setIssuedBy(ISSUER);
        context.setExpectedAudience(Set.of("authenticated"));
        return new SupabaseTokenParser(context, Optional.of(SECRET), Optional.empty(), 100, Duration.ofMinutes(5));
    }
}
