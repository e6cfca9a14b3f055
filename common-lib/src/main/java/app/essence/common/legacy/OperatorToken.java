package app.essence.common.legacy;

import app.essence.common.identity.AuthConfig;
import app.essence.common.identity.Caller;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The operator token the legacy import asks profiles-service's operator route with (docs/legacy-import.md, "Profiles:
 * the assumption"). A token given ({@code essence.legacy-import.operator-token}) is used as is. Otherwise, when this
 * process holds the project's HS256 secret ({@code essence.auth.jwt-secret}, which verifies the users' tokens), the
 * import signs its own {@code service_role} token, short-lived, and a new one before it runs out: an import of any
 * length keeps a valid token, and none it signed is good for longer than {@link #LIFETIME}. Without either there is
 * none, and only the replica answers.
 */
@ApplicationScoped
public class OperatorToken {
    static final Duration LIFETIME = Duration.ofMinutes(10);
    /** A token with less life left is replaced: far more than one read-through may take (its timeouts). */
    static final Duration RENEW_BEFORE = Duration.ofMinutes(5);
    /** The {@code sub} of the import's own tokens: the token parser wants a user id, and this one is no user's. */
    static final UUID SUBJECT = UUID.nameUUIDFromBytes("essence-legacy-import".getBytes(StandardCharsets.UTF_8));

    private final Optional<String> given;
    private final Optional<SecretKey> secret;
    private final String issuer;
    private final Clock clock;
    private String signed;
    private Instant expiresAt = Instant.MIN;

    @Inject
    public OperatorToken(LegacyImportConfig config, AuthConfig auth) {
        this(config.operatorToken(), auth.jwtSecret(), auth.issuer(), Clock.systemUTC());
    }

    OperatorToken(Optional<String> given, Optional<String> secret, String issuer, Clock clock) {
        this.given = given.filter(token -> !token.isBlank());
        this.secret = secret.filter(s -> !s.isBlank())
                .map(s -> new SecretKeySpec(s.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        this.issuer = issuer;
        this.clock = clock;
    }

    /** The token for the next call: the given one, or one this import signed that has a while to live. */
    public synchronized Optional<String> current() {
        if (given.isPresent() || secret.isEmpty()) {
            return given;
        }
        Instant now = clock.instant();
        if (now.plus(RENEW_BEFORE).isAfter(expiresAt)) {
            expiresAt = now.plus(LIFETIME);
            signed = Jwt.issuer(issuer).audience("authenticated").subject(SUBJECT.toString())
                    .claim("role", Caller.SERVICE_ROLE).issuedAt(now).expiresAt(expiresAt)
                    .jws().algorithm(SignatureAlgorithm.HS256).sign(secret.get());
        }
        return Optional.of(signed);
    }
}
