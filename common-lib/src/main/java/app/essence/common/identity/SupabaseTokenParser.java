package app.essence.common.identity;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Verifies Supabase access tokens signed either with the project's legacy HS256 secret or with its asymmetric
 * signing keys (ES256/RS256, from the JWKS URL), both at once while a project rotates. smallrye-jwt keeps one key
 * source per configuration, so this parser picks the source from the token's {@code alg} and lets smallrye-jwt do
 * the verification (signature, issuer, audience, expiry) with that source.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class SupabaseTokenParser implements JWTParser {
    private static final Pattern ALG = Pattern.compile("\"alg\"\\s*:\\s*\"([^\"]*)\"");

    private final DefaultJWTParser plain;
    private final Optional<DefaultJWTParser> sharedSecret;
    private final Optional<DefaultJWTParser> signingKeys;
    private final VerifiedTokens verified;

    @Inject
    public SupabaseTokenParser(JWTAuthContextInfo configured, AuthConfig auth) {
        this(configured, auth.jwtSecret(), auth.jwksUrl(), auth.verifiedTokenCacheSize(), auth.verifiedTokenCacheFor());
    }

    public SupabaseTokenParser(JWTAuthContextInfo configured, Optional<String> secret, Optional<String> jwksUrl,
            int cacheSize, Duration cacheFor) {
        this.plain = new DefaultJWTParser(configured, new SupabasePrincipals());
        this.verified = new VerifiedTokens(cacheSize, cacheFor, Clock.systemUTC());
        this.sharedSecret = secret.filter(s -> !s.isBlank())
                .map(s -> new DefaultJWTParser(withSecret(configured, s), new SupabasePrincipals()));
        this.signingKeys = jwksUrl.filter(s -> !s.isBlank())
                .map(u -> new DefaultJWTParser(withJwks(configured, u), new SupabasePrincipals()));
    }

    /** A token verified before and not expired is not verified again (VerifiedTokens). */
    @Override
    public JsonWebToken parse(String token) throws ParseException {
        return verified.verified(token, this::verify);
    }

    private JsonWebToken verify(String token) throws ParseException {
        String alg = algorithm(token);
        DefaultJWTParser parser = switch (alg) {
            case "HS256" -> sharedSecret.orElseThrow(() -> new ParseException("HS256 tokens are not accepted here"));
            case "ES256", "RS256" -> signingKeys.orElseThrow(() -> new ParseException(alg + " tokens are not accepted"));
            default -> throw new ParseException("token algorithm '" + alg + "' is not accepted");
        };
        JsonWebToken jwt = parser.parse(token);
        requireUuidSubject(jwt);
        return jwt;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return parse(token);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return plain.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return plain.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return plain.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return plain.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return plain.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return plain.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return plain.parseOnly(token);
    }

    private static JWTAuthContextInfo withSecret(JWTAuthContextInfo configured, String secret) {
        JWTAuthContextInfo context = base(configured);
        context.setSecretVerificationKey(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        return context;
    }

    private static JWTAuthContextInfo withJwks(JWTAuthContextInfo configured, String jwksUrl) {
        JWTAuthContextInfo context = base(configured);
        context.setPublicKeyLocation(jwksUrl);
        context.setSignatureAlgorithm(Set.of(SignatureAlgorithm.ES256, SignatureAlgorithm.RS256));
        return context;
    }

    private static JWTAuthContextInfo base(JWTAuthContextInfo configured) {
        JWTAuthContextInfo context = new JWTAuthContextInfo(configured);
        context.setPublicVerificationKey(null);
        context.setSecretVerificationKey(null);
        context.setPublicKeyContent(null);
        context.setSecretKeyContent(null);
        context.setPublicKeyLocation(null);
        return context;
    }

    private static String algorithm(String token) throws ParseException {
        int dot = token.indexOf('.');
        if (dot <= 0) {
            throw new ParseException("not a signed JWT");
        }
        String header;
        try {
            header = new String(Base64.getUrlDecoder().decode(token.substring(0, dot)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ParseException("JWT header is not base64url");
        }
        Matcher matcher = ALG.matcher(header);
        if (!matcher.find()) {
            throw new ParseException("JWT header names no algorithm");
        }
        return matcher.group(1);
    }

    private static void requireUuidSubject(JsonWebToken jwt) throws ParseException {
        String subject = jwt.getSubject();
        try {
            UUID.fromString(subject == null ? "" : subject);
        } catch (IllegalArgumentException e) {
            throw new ParseException("the token's sub is not a user id (UUID)");
        }
    }

}
