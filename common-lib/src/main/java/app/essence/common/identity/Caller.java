package app.essence.common.identity;

import app.essence.common.problem.ProblemException;
import app.essence.common.problem.ProblemType;
import java.util.Optional;
import java.util.UUID;

/**
 * Who is calling: the Supabase user id from {@code sub}, whether the token is an operator's, and whether it is an
 * anonymous sign-in ({@code is_anonymous}), which may look around but not make anything.
 */
public record Caller(UUID userId, Optional<String> email, boolean serviceRole, boolean anonymous) {
    public static final String SERVICE_ROLE = "service_role";

    /**
     * For the use cases that create something of the user's (a profile, a recording, a picture, a voice): an
     * anonymous session is refused with a 403 that invites the user to sign up.
     */
    public void requireSignedUp() {
        if (anonymous) {
            throw new ProblemException(ProblemType.ANONYMOUS_USER, "a guest session can look around but cannot "
                    + "create profiles, record clips, upload pictures or train a voice; sign up to keep what you make");
        }
    }
}
