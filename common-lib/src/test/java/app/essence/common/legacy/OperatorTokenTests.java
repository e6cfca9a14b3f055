package app.essence.common.legacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.identity.SupabaseTokenParser;
import app.essence.common.identity.TestTokenParser;
import app.essence.common.time.MovingClock;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/**
 * The import's operator token (docs/legacy-import.md, "Profiles: the assumption") as the services' own token parser
 * takes it: an import longer than a token's life goes on with a new one, never with an expired one.
 */
class OperatorTokenTests {
    private static final String ISSUER = TestTokenParser.ISSUER;
    private static final String SECRET = TestTokenParser.SECRET;
    private static final SupabaseTokenParser PARSER = TestTokenParser.create();

    @Test
    void aLongImportSignsANewTokenBeforeItsTokenExpiresAndNeverHandsOutAnExpiredOne() throws Exception {
        // The import started an hour and a half ago: the token it signed then has long expired.
        MovingClock clock = new MovingClock(Instant.now().minus(Duration.ofMinutes(90)));
        OperatorToken tokens = new OperatorToken(Optional.empty(), Optional.of(SECRET), ISSUER, clock);
        String first = tokens.current().orElseThrow();
        ParseException expired = assertThrows(ParseException.class, () -> PARSER.parse(first));
        assertTrue(causes(expired).contains("Expiration Time"), causes(expired));

        clock.set(clock.instant().plus(OperatorToken.LIFETIME.minus(OperatorToken.RENEW_BEFORE).minusSeconds(1)));
        assertEquals(first, tokens.current().orElseThrow(), "kept while it has a while to live");
        clock.set(clock.instant().plusSeconds(2));
        String second = tokens.current().orElseThrow();
        assertNotEquals(first, second, "replaced before it runs out");

        clock.set(Instant.now());
        String now = tokens.current().orElseThrow();
        JsonWebToken accepted = PARSER.parse(now);
        assertEquals("service_role", accepted.getClaim("role"));
        assertEquals(OperatorToken.SUBJECT.toString(), accepted.getSubject());
        assertEquals(Instant.now().plus(OperatorToken.LIFETIME).getEpochSecond(), accepted.getExpirationTime(), 5);
    }

    @Test
    void aGivenTokenIsUsedAsIsAndWithoutTheSecretOrOneThereIsNone() {
        OperatorToken given = new OperatorToken(Optional.of("given-token"), Optional.of(SECRET), ISSUER,
                Clock.systemUTC());
        assertEquals(Optional.of("given-token"), given.current());
        assertEquals(Optional.empty(), new OperatorToken(Optional.empty(), Optional.empty(), ISSUER,
                Clock.systemUTC()).current());
    }

    private static String causes(Throwable failure) {
        StringBuilder all = new StringBuilder();
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            all.append(cause).append('\n');
        }
        return all.toString();
    }
}
