package app.essence.common.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens already verified, so a client that sends the same token on every request is checked (signature, claims)
 * once, not on each request (docs/architecture.md, "Tokens"). Keyed by the whole token, so only the very same bytes
 * are served from an entry; an entry lasts until the token's {@code exp} or {@code keptFor} after its verification,
 * whichever comes first (a token signed with a withdrawn key is verified again soon); at most {@code maxSize}
 * tokens of a usual size, the least used evicted first; 0 keeps none. The bound is on the tokens' length, not
 * their number: a user can make their token larger (its metadata), and an entry's parsed claims grow with it. What a verified token still has to pass on each request
 * (an erased account, ErasedAccountFilter; the caller's rights) is checked after this, per request, as before.
 */
final class VerifiedTokens {
    /** The check a token not in the cache goes through: signature, issuer, audience, expiry. */
    @FunctionalInterface
    interface Verification {
        JsonWebToken verify(String token) throws ParseException;
    }

    /** A Supabase access token's usual length in characters (about 0.9 KB); {@code maxSize} counts tokens of it. */
    static final int USUAL_TOKEN_CHARS = 1000;

    private final Clock clock;
    private final Cache<String, JsonWebToken> verified;

    VerifiedTokens(int maxSize, Duration keptFor, Clock clock) {
        this.clock = clock;
        this.verified = maxSize <= 0 ? null : Caffeine.newBuilder()
                .maximumWeight((long) maxSize * USUAL_TOKEN_CHARS)
                .weigher((String token, JsonWebToken jwt) -> token.length())
                .ticker(new ClockTicker(clock))
                .executor(Runnable::run) // eviction on the caller's thread: the bound holds when put returns
                .expireAfter(new UntilExpiryOrCap(keptFor.toNanos()))
                .build();
    }

    JsonWebToken verified(String token, Verification verification) throws ParseException {
        if (verified == null) {
            return verification.verify(token);
        }
        // Never an entry at or past its token's exp: Caffeine serves none whose expiry (UntilExpiryOrCap) the clock,
        // its ticker, has reached.
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null) {
            return known;
        }
        JsonWebToken fresh = verification.verify(token);
        // An expired token would only take the place of a live one.
        if (fresh.getExpirationTime() * 1000 > clock.millis()) {
            verified.put(token, fresh);
        }
        return fresh;
    }

    long size() {
        if (verified == null) {
            return 0;
        }
        verified.cleanUp();
        return verified.estimatedSize();
    }

    /**
     * An entry lives until its token's {@code exp} or {@code capNanos} after it was put, whichever is first;
     * {@code currentTime} is the ticker's, the clock's, so the entry expires at {@code exp} exactly.
     */
    private record UntilExpiryOrCap(long capNanos) implements Expiry<String, JsonWebToken> {
        @Override
        public long expireAfterCreate(String token, JsonWebToken jwt, long currentTime) {
            long untilExp = TimeUnit.SECONDS.toNanos(jwt.getExpirationTime()) - currentTime;
            return Math.max(0, Math.min(untilExp, capNanos));
        }

        @Override
        public long expireAfterUpdate(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
            return expireAfterCreate(token, jwt, currentTime);
        }

        @Override
        public long expireAfterRead(String token, JsonWebToken jwt, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }

    private record ClockTicker(Clock clock) implements Ticker {
        @Override
        public long read() {
            return TimeUnit.MILLISECONDS.toNanos(clock.millis());
        }
    }
}
