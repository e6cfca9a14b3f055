package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static app.essence.profiles.Api.createProfile;

import app.essence.testing.RowSecurityContract;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Row-level security on profiles-service's owned tables (docs/architecture.md, "Row-level security"). */
@QuarkusTest
class RowSecurityTests {
    @Test
    void ownedRowsAreSeenOnlyUnderTheirUsersIdOrTheSystemContext() throws Exception {
        UUID user = UUID.randomUUID();
        as(user).get("/v1/me").then().statusCode(200);
        createProfile(user, "Ada");
        createProfile(UUID.randomUUID(), "Grace");

        RowSecurityContract.check("essence_profiles_test", Map.of("profiles", "user_id", "users_public", "id"), user);
    }
}
