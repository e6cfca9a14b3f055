package app.essence.common.identity;

import app.essence.common.logging.LogContext;
import io.quarkus.security.UnauthorizedException;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.MDC;

/** The verified caller of the current request, read from the token smallrye-jwt has checked. */
@RequestScoped
public class CallerContext {
    private final JsonWebToken jwt;

    public CallerContext(JsonWebToken jwt) {
        this.jwt = jwt;
    }

    public Caller caller() {
        if (jwt == null || jwt.getSubject() == null) {
            throw new UnauthorizedException();
        }
        // The user's id goes into the request's log lines; the token itself never does.
        MDC.put(LogContext.USER_ID, jwt.getSubject());
        String role = jwt.getClaim("role");
        String email = jwt.getClaim("email");
        // Supabase's boolean claim; smallrye-jwt may hand it over as a Boolean or as a JSON value.
        boolean anonymous = "true".equals(String.valueOf(jwt.<Object> getClaim("is_anonymous")));
        return new Caller(UUID.fromString(jwt.getSubject()), Optional.ofNullable(email).filter(e -> !e.isBlank()),
                Caller.SERVICE_ROLE.equals(role), anonymous);
    }

    /** The raw bearer token, for read-through calls made on the caller's behalf. */
    public String rawToken() {
        return jwt.getRawToken();
    }
}
