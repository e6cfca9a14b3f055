package app.essence.common.identity;

import java.util.Optional;
import java.util.UUID;

/** Who is calling: the Supabase user id from {@code sub}, and whether the token is an operator's. */
public record Caller(UUID userId, Optional<String> email, boolean serviceRole) {
    public static final String SERVICE_ROLE = "service_role";
}
