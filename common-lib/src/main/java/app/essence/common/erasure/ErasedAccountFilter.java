package app.essence.common.erasure;

import app.essence.common.identity.Caller;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.container.ResourceInfo;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * A request made with the still valid token of an account erased here ({@code erased_users}, learnt from
 * UserDeleted) is answered 410 {@code account-erased} on every route (docs/erasure.md). On where
 * {@code essence.erasure.refuse-erased-tokens=true} (clips-, messages- and billing-service); profiles-service, which
 * keeps the erasure's state for its owner to read, answers it route by route. Only routes that require a signed-in
 * caller ({@code @Authenticated}) are checked: authentication is lazy, and a public route (Stripe's webhook) must
 * not read a token it does not need. Operator tokens pass.
 */
public class ErasedAccountFilter {
    private static final String ERASED = "select 1 from erased_users where user_id = $1";

    private final Pool pool;
    private final Instance<JsonWebToken> jwt;
    private final boolean enabled;

    public ErasedAccountFilter(Pool pool, Instance<JsonWebToken> jwt,
            ErasureConfig config) {
        this.pool = pool;
        this.jwt = jwt;
        this.enabled = config.refuseErasedTokens();
    }

    @ServerRequestFilter
    public Uni<Void> refuseErasedAccounts(ResourceInfo route) {
        UUID user = enabled && signedIn(route) ? userOf(jwt.get()) : null;
        if (user == null) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery(ERASED).execute(Tuple.of(user)).invoke(rows -> {
            if (rows.size() > 0) {
                throw ErasedUsers.erasedProblem();
            }
        }).replaceWithVoid();
    }

    private static boolean signedIn(ResourceInfo route) {
        return route.getResourceMethod() != null && (route.getResourceMethod().isAnnotationPresent(Authenticated.class)
                || route.getResourceClass().isAnnotationPresent(Authenticated.class));
    }

    private static UUID userOf(JsonWebToken token) {
        if (token == null || token.getSubject() == null || Caller.SERVICE_ROLE.equals(token.getClaim("role"))) {
            return null;
        }
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
