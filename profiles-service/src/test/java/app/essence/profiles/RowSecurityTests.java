package app.essence.profiles;

import static app.essence.common.reactive.ReactiveBridge.await;
import static app.essence.profiles.Api.as;
import static app.essence.profiles.Api.createProfile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.rowsecurity.RowSecurity;
import app.essence.testing.RowSecurityContract;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
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

    @Test
    void aRowSecurityTransactionNeverJoinsOneAlreadyOpen() {
        UUID user = UUID.randomUUID();
        // Joined, the system context would hold for the rest of the user's transaction.
        IllegalStateException nested = assertThrows(IllegalStateException.class, () -> await(() -> RowSecurity
                .inUserTransaction(user, () -> RowSecurity.inSystemTransaction("a test",
                        () -> Uni.createFrom().item(1)))));
        assertTrue(nested.getMessage().contains("cannot join"), nested.getMessage());
        assertThrows(IllegalStateException.class, () -> await(() -> RowSecurity.inSystemTransaction("a test",
                () -> RowSecurity.inUserTransaction(user, () -> Uni.createFrom().item(1)))));

        // One after the other, each in a transaction of its own.
        Integer both = await(() -> RowSecurity.inUserTransaction(user, () -> Uni.createFrom().item(1))
                .chain(one -> RowSecurity.inSystemTransaction("a test", () -> Uni.createFrom().item(one + 1))));
        assertEquals(2, both);
    }
}
