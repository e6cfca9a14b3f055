package app.essence.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class SupabasePrincipalsTests {
    private final SupabaseTokenParser parser = TestTokenParser.create();

    @Test
    void theParserMakesPrincipalsThatFindAClaimsTypeByLookup() throws Exception {
        JsonWebToken jwt = parser.parse(sign(Jwt.subject(UUID.randomUUID().toString())
                .claim("role", "authenticated")));
        SupabasePrincipals.SupabasePrincipal principal = assertInstanceOf(SupabasePrincipals.SupabasePrincipal.class,
                jwt, "smallrye-jwt's own principal would throw and catch an exception for each Supabase claim read");
        for (Claims standard : Claims.values()) {
            assertEquals(standard, principal.getClaimType(standard.name()));
        }
        assertEquals(Claims.UNKNOWN, principal.getClaimType("role"));
        assertEquals(Claims.UNKNOWN, principal.getClaimType("is_anonymous"));
    }

    @Test
    void theCallerIsReadFromSupabasesClaims() throws Exception {
        UUID user = UUID.randomUUID();
        String token = sign(Jwt.subject(user.toString()).claim("role", "service_role").claim("email", "a@example.org")
                .claim("is_anonymous", true));
        Caller caller = new CallerContext(parser.parse(token)).caller();
        assertEquals(new Caller(user, Optional.of("a@example.org"), true, true), caller);

        String plain = sign(Jwt.subject(user.toString()).claim("role", "authenticated")
                .claim("is_anonymous", false));
        Caller signedIn = new CallerContext(parser.parse(plain)).caller();
        assertFalse(signedIn.serviceRole());
        assertFalse(signedIn.anonymous());
        assertTrue(signedIn.email().isEmpty());
    }

    private static String sign(JwtClaimsBuilder claims) {
        long now = Instant.now().getEpochSecond();
        return claims.issuer(TestTokenParser.ISSUER).audience("authenticated").issuedAt(now).expiresAt(now + 600)
                .jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec(TestTokenParser.SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }
}
