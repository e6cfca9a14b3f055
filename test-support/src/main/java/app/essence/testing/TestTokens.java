package app.essence.testing;

import app.essence.common.identity.SupabaseTokenParser;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.crypto.spec.SecretKeySpec;

/** Access tokens shaped like Supabase's (same claims), signed the two ways Supabase signs them. */
public final class TestTokens {
    public static final String ISSUER = "https://essence-test.supabase.co/auth/v1";
    public static final String SECRET = "essence-test-only-jwt-secret-with-at-least-32-bytes";
    public static final String SIGNING_KEY_ID = "essence-test-es256";
    public static final KeyPair SIGNING_KEY = newEcKey();

    private TestTokens() {
    }

    /** A user's token signed with the legacy HS256 secret. */
    public static String user(UUID userId) {
        return hs256(claims(userId, "authenticated"));
    }

    /** An anonymous sign-in's token, as Supabase issues it: {@code is_anonymous} true, no email. */
    public static String anonymous(UUID userId) {
        return hs256(claims(b -> b.subject(userId.toString()).claim("is_anonymous", true).claim("email", "")));
    }

    public static String operator(UUID userId) {
        return hs256(claims(userId, "service_role"));
    }

    /** A user's token signed with the project's asymmetric signing key (served at the JWKS URL). */
    public static String userEs256(UUID userId) {
        return claims(userId, "authenticated").jws().keyId(SIGNING_KEY_ID).algorithm(SignatureAlgorithm.ES256)
                .sign(SIGNING_KEY.getPrivate());
    }

    public static String hs256(JwtClaimsBuilder claims) {
        return hs256WithSecret(claims, SECRET);
    }

    public static String hs256WithSecret(JwtClaimsBuilder claims, String secret) {
        return claims.jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    /** The claims of a Supabase access token (docs/design.md §5), with a one-hour life. */
    public static JwtClaimsBuilder claims(UUID userId, String role) {
        return claims(b -> b.subject(userId.toString()).claim("role", role));
    }

    public static JwtClaimsBuilder claims(UnaryOperator<JwtClaimsBuilder> customise) {
        long now = Instant.now().getEpochSecond();
        JwtClaimsBuilder builder = Jwt.claims()
                .issuer(ISSUER)
                .audience("authenticated")
                .issuedAt(now)
                .expiresAt(now + 3600)
                .claim("role", "authenticated")
                .claim("aal", "aal1")
                .claim("session_id", UUID.randomUUID().toString())
                .claim("email", "user@example.com")
                .claim("phone", "")
                .claim("is_anonymous", false);
        return customise.apply(builder);
    }

    /** The services' own token parser, set up to take these tokens: checks a token a service signed itself. */
    public static SupabaseTokenParser parser() {
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setIssuedBy(ISSUER);
        context.setExpectedAudience(Set.of("authenticated"));
        return new SupabaseTokenParser(context, Optional.of(SECRET), Optional.empty(), 100, Duration.ofMinutes(5));
    }

    /** An unsigned token ({@code alg: none}) that claims to be {@code userId}. */
    public static String unsigned(UUID userId) {
        long now = Instant.now().getEpochSecond();
        String header = "{\"alg\":\"none\",\"typ\":\"JWT\"}";
        String payload = "{\"iss\":\"" + ISSUER + "\",\"aud\":\"authenticated\",\"sub\":\"" + userId
                + "\",\"role\":\"authenticated\",\"iat\":" + now + ",\"exp\":" + (now + 3600) + "}";
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return b64.encodeToString(header.getBytes(StandardCharsets.UTF_8)) + "."
                + b64.encodeToString(payload.getBytes(StandardCharsets.UTF_8)) + ".";
    }

    /** The JWKS document that publishes {@link #SIGNING_KEY}. */
    public static String jwks() {
        java.security.interfaces.ECPublicKey key = (java.security.interfaces.ECPublicKey) SIGNING_KEY.getPublic();
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String x = b64.encodeToString(unsigned32(key.getW().getAffineX().toByteArray()));
        String y = b64.encodeToString(unsigned32(key.getW().getAffineY().toByteArray()));
        return "{\"keys\":[{\"kty\":\"EC\",\"crv\":\"P-256\",\"alg\":\"ES256\",\"use\":\"sig\",\"kid\":\""
                + SIGNING_KEY_ID + "\",\"x\":\"" + x + "\",\"y\":\"" + y + "\"}]}";
    }

    private static byte[] unsigned32(byte[] bigEndian) {
        byte[] out = new byte[32];
        int copy = Math.min(32, bigEndian.length);
        System.arraycopy(bigEndian, bigEndian.length - copy, out, 32 - copy, copy);
        return out;
    }

    private static KeyPair newEcKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
