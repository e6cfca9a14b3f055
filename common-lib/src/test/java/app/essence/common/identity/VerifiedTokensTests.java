package app.essence.common.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.time.MovingClock;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The verified-token cache: never past a token's exp, only for the very same token, bounded in size. */
class VerifiedTokensTests {
    private static final String ISSUER = TestTokenParser.ISSUER;
    private static final String SECRET = TestTokenParser.SECRET;
    private static final String OTHER_SECRET = "another-secret-that-nobody-here-trusts-at-all-32b";
    private static final Duration KEPT_FOR = Duration.ofMinutes(5);

    private final MovingClock clock = new MovingClock(Instant.parse("2026-12-03T12:00:00Z"));
    private final List<String> verifiedTokens = new ArrayList<>();

    @Test
    void aRepeatedTokenIsVerifiedOnceUntilItsExpThenVerifiedAgainAndItsRefusalStands() throws Exception {
        VerifiedTokens cache = new VerifiedTokens(100, KEPT_FOR, clock);
        long exp = clock.instant().getEpochSecond() + 60;
        VerifiedTokens.Verification check = token -> {
            verifiedTokens.add(token);
            if (clock.instant().getEpochSecond() >= exp) {
                throw new ParseException("expired");
            }
            return jwt(exp);
        };
        JsonWebToken first = cache.verified("token-a", check);
        assertSame(first, cache.verified("token-a", check), "served from the cache");
        assertEquals(1, verifiedTokens.size(), "verified once");

        clock.set(Instant.ofEpochSecond(exp - 1));
        cache.verified("token-a", check);
        assertEquals(1, verifiedTokens.size(), "still served a second before its exp");

        clock.set(Instant.ofEpochSecond(exp));
        assertThrows(ParseException.class, () -> cache.verified("token-a", check), "refused at its exp");
        assertEquals(2, verifiedTokens.size(), "an expired entry is not served: the token is verified again");
    }

    @Test
    void aTokenAlreadyExpiredWhenVerifiedIsNotKept() throws Exception {
        VerifiedTokens cache = new VerifiedTokens(100, KEPT_FOR, clock);
        long past = clock.instant().getEpochSecond() - 1; // a verifier with clock skew may still take it
        assertVerifiedEachTimeAndNotKept(cache, past);
    }

    @Test
    void aLongLivedTokenIsVerifiedAgainOnceTheCapHasPassed() throws Exception {
        VerifiedTokens cache = new VerifiedTokens(100, KEPT_FOR, clock);
        long exp = clock.instant().getEpochSecond() + 24 * 3600;
        VerifiedTokens.Verification check = counted(exp);
        Instant start = clock.instant();
        cache.verified("token-a", check);
        clock.set(start.plus(KEPT_FOR).minusSeconds(1));
        cache.verified("token-a", check);
        assertEquals(1, verifiedTokens.size(), "served from the cache within the cap");

        clock.set(start.plus(KEPT_FOR));
        cache.verified("token-a", check);
        assertEquals(2, verifiedTokens.size(), "verified again at the cap, long before its exp");
    }

    @Test
    void sizeZeroKeepsNothingAndVerifiesEveryTime() throws Exception {
        VerifiedTokens off = new VerifiedTokens(0, KEPT_FOR, clock);
        assertVerifiedEachTimeAndNotKept(off, clock.instant().getEpochSecond() + 3600);
    }

    private void assertVerifiedEachTimeAndNotKept(VerifiedTokens cache, long exp) throws ParseException {
        VerifiedTokens.Verification check = counted(exp);
        cache.verified("token-a", check);
        cache.verified("token-a", check);
        assertEquals(2, verifiedTokens.size(), "verified on each request");
        assertEquals(0, cache.size(), "nothing kept");
    }

    @Test
    void theBoundHolds() throws Exception {
        VerifiedTokens cache = new VerifiedTokens(10, KEPT_FOR, clock);
        long exp = clock.instant().getEpochSecond() + 3600;
        for (int i = 0; i < 100; i++) {
            String usual = ("token-" + i + "-").repeat(VerifiedTokens.USUAL_TOKEN_CHARS).substring(0,
                    VerifiedTokens.USUAL_TOKEN_CHARS);
            cache.verified(usual, token -> jwt(exp));
            assertTrue(cache.size() <= 10, "at most 10 tokens of the usual length, had " + cache.size());
        }
    }

    @Test
    void largeTokensTakeMoreOfTheBound() throws Exception {
        VerifiedTokens cache = new VerifiedTokens(10, KEPT_FOR, clock);
        long exp = clock.instant().getEpochSecond() + 3600;
        String padding = "x".repeat(4 * VerifiedTokens.USUAL_TOKEN_CHARS);
        for (int i = 0; i < 20; i++) {
            cache.verified("token-" + i + padding, token -> jwt(exp));
            assertTrue(cache.size() <= 2, "tokens four times the usual length: at most 2 kept, had " + cache.size());
        }
        assertEquals(2, cache.size(), "the bound is used, not refused");
    }

    @Test
    void anotherTokenWithTheSameClaimsIsNotServedFromTheFirstOnesEntry() throws Exception {
        SupabaseTokenParser parser = TestTokenParser.create();
        UUID user = UUID.randomUUID();
        long exp = Instant.now().getEpochSecond() + 600;
        String good = sign(user, exp, SECRET);
        assertEquals(user.toString(), parser.parse(good).getSubject());
        assertEquals(user.toString(), parser.parse(good).getSubject(), "the same token again");

        // The same header and claims signed with a key nobody trusts, and the good signature on other claims.
        String[] goodParts = good.split("\\.");
        String signingInput = goodParts[0] + "." + goodParts[1];
        String forged = signingInput + "." + hmac(signingInput, OTHER_SECRET);
        assertThrows(ParseException.class, () -> parser.parse(forged));
        String otherClaims = sign(UUID.randomUUID(), exp, SECRET);
        String grafted = otherClaims.substring(0, otherClaims.lastIndexOf('.')) + "." + goodParts[2];
        assertThrows(ParseException.class, () -> parser.parse(grafted));
    }

    /** A verification that passes, giving a token with this exp, and records each token it was asked for. */
    private VerifiedTokens.Verification counted(long exp) {
        return token -> {
            verifiedTokens.add(token);
            return jwt(exp);
        };
    }

    private static String sign(UUID user, long exp, String secret) {
        return Jwt.issuer(ISSUER).audience("authenticated").subject(user.toString()).claim("role", "authenticated")
                .issuedAt(exp - 3600).expiresAt(exp).jws().algorithm(SignatureAlgorithm.HS256)
                .sign(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    }

    private static String hmac(String signingInput, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        byte[] signature = mac.doFinal(signingInput.getBytes(StandardCharsets.US_ASCII));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    private static JsonWebToken jwt(long exp) {
        return new JsonWebToken() {
            @Override
            public String getName() {
                return "test";
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("exp");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String name) {
                return "exp".equals(name) ? (T) Long.valueOf(exp) : null;
            }
        };
    }
}
