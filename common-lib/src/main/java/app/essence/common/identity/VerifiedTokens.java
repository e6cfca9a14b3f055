package app.essence.common.identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.smallrye.jwt.auth.principal.ParseException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens already verified, so a client that sends the same token on every request is checked (signature, claims)
 * once, not on each request (docs/architecture.md, "Tokens"). Keyed by the whole token, so only the very same bytes
 * are served from an entry; an entry lasts until the token's {@code exp} and never past it; at most
 * {@code maxSize} entries, the least used evicted first. What a verified token still has to pass on each request
 * (an erased account, ErasedAccountFilter; the caller's rights) is checked after this, per request, as before.
 */
final class VerifiedTokens {
    /** The check a token not in the cache goes through: signature, issuer, audience, expiry. */
    @FunctionalInterface
    interface Verification {
        JsonWebToken verify(String token) throws ParseException;
    }

    private final Clock clock;
    private final Cache<String, JsonWebToken> verified;

    VerifiedTokens(int maxSize, Clock clock) {
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxSize)
                .ticker(new ClockTicker(clock))
                .executor(Runnable::run) // eviction on the caller's thread: the bound holds when put returns
                .expireAfter(new UntilExpiry(clock))
                .build();
    }

    JsonWebToken verified(String token, Verification verification) throws ParseException {
        JsonWebToken known = verified.getIfPresent(token);
        if (known != null && clock.millis() < known.getExpirationTime() * 1000) {
            return known;
        }
        JsonWebToken fresh = verification.verify(token);
        if (fresh.getExpirationTime() * 1000 > clock.millis()) {
            verified.put(token, fresh);
        }
        return fresh;
    }

    long size() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    /** An entry lives until its token's {@code exp}. */
    private record UntilExpiry(Clock clock) implements Expiry<String, JsonWebToken> {
        @Override
        public long expireAfterCreate(String token, JsonWebToken jwt, long currentTime) {
            return Math.max(0, TimeUnit.MILLISECONDS.toNanos(jwt.getExpirationTime() * 1000 - clock.millis()));
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
