package app.essence.common.identity;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtContext;

/**
 * Makes the principal of a verified token as smallrye-jwt's own factory does, but one that reads Supabase's own
 * claims ({@code role}, {@code is_anonymous}) without an exception: smallrye-jwt finds a claim's type by
 * {@code Claims.valueOf(name)} and catches the {@code IllegalArgumentException} of every name that is not a standard
 * claim, a stack trace filled on each read, several times a request (docs/architecture.md, "Identity"). Public, with
 * a public constructor: smallrye-jwt's {@code parse(token, context)} makes a new factory by reflection for a context
 * whose key has a location.
 */
public class SupabasePrincipals extends JWTCallerPrincipalFactory {
    private final DefaultJWTTokenParser parser = new DefaultJWTTokenParser();

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo context) throws ParseException {
        JwtContext verified = parser.parse(token, context);
        String type = verified.getJoseObjects().get(0).getHeader("typ");
        return new SupabasePrincipal(type, verified.getJwtClaims());
    }

    /** smallrye-jwt's principal, the claim's type found by a lookup instead of a caught exception. */
    static final class SupabasePrincipal extends DefaultJWTCallerPrincipal {
        private static final Map<String, Claims> STANDARD = Arrays.stream(Claims.values())
                .collect(Collectors.toUnmodifiableMap(Claims::name, Function.identity()));

        SupabasePrincipal(String type, JwtClaims claims) {
            super(type, claims);
        }

        @Override
        protected Claims getClaimType(String claimName) {
            return STANDARD.getOrDefault(claimName, Claims.UNKNOWN);
        }
    }
}
