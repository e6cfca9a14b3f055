package app.essence.profiles;

import static app.essence.common.reactive.ReactiveBridge.await;
import static app.essence.profiles.Api.as;
import static app.essence.profiles.Api.createProfile;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.erasure.ErasedUsers;
import app.essence.common.rowsecurity.RowSecurity;
import app.essence.testing.RowSecurityContract;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.hibernate.reactive.mutiny.Mutiny;
import org.junit.jupiter.api.Test;

/** Row-level security on profiles-service's owned tables (docs/architecture.md, "Row-level security"). */
@QuarkusTest
class RowSecurityTests {
    @Inject
    Pool pool;

    @Inject
    Mutiny.SessionFactory sessions;

    @Inject
    ErasedUsers erasedUsers;

    @Test
    void ownedRowsAreSeenOnlyUnderTheirUsersIdOrTheSystemContext() throws Exception {
        UUID user = UUID.randomUUID();
        as(user).get("/v1/me").then().statusCode(200);
        createProfile(user, "Ada");
        createProfile(UUID.randomUUID(), "Grace");

        RowSecurityContract.check("essence_profiles_test", Map.of("profiles", "user_id", "users_public", "id"), user);
    }

    @Test
    void aHotReadSeesOnlyItsUsersRowsAndLeavesNoUserOnItsConnection() {
        UUID user = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        as(user).get("/v1/me").then().statusCode(200);
        as(other).get("/v1/me").then().statusCode(200);
        createProfile(user, "Ada");
        createProfile(other, "Grace");

        List<String> seen = new ArrayList<>();
        String leftOver = pool.withConnection(connection -> RowSecurity.readAsUser(connection, user,
                "select name from profiles").invoke(rows -> rows.forEach(row -> seen.add(row.getString("name"))))
                .chain(() -> connection.query("select current_setting('essence.user_id', true) as user_id").execute())
                .map(rows -> rows.iterator().next().getString("user_id")))
                .await().atMost(Duration.ofSeconds(10));

        assertEquals(List.of("Ada"), seen, "the policies apply to the select: only the named user's rows");
        assertTrue(leftOver == null || leftOver.isEmpty(), "the setting ended with the read, not: " + leftOver);
        assertThrows(IllegalArgumentException.class, () -> RowSecurity.readAsUser(pool, user, "select 1; select 2"));
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

    @Test
    void settingTheContextAndCheckingForErasureAddNoQueryPlanPerTransaction() {
        UUID user = UUID.randomUUID();
        assertEquals(user.toString(), await(() -> RowSecurity.inUserTransaction(user,
                () -> erasedUsers.takeTurn(user).chain(() -> setting(RowSecurity.USER_ID)))));
        assertEquals(RowSecurity.SYSTEM, await(() -> RowSecurity.inSystemTransaction("a test",
                () -> setting(RowSecurity.CONTEXT))));
        // An erased user's uploads are refused in clips-service's UserErasureTests.
        assertEquals(false, await(() -> RowSecurity.inUserTransaction(user, () -> erasedUsers.isErased(user))));

        // Under load, a plan added per transaction filled the bounded cache with unequal keys of one hash.
        int transactions = 200;
        long misses = NativeSelectsTests.planMisses(sessions, () -> {
            for (int i = 0; i < transactions; i++) {
                await(() -> RowSecurity.inUserTransaction(user, () -> erasedUsers.refuseIfErased(user)));
                await(() -> RowSecurity.inSystemTransaction("a test", () -> Uni.createFrom().voidItem()));
            }
        });
        assertTrue(misses < transactions, misses + " query plans missed in " + 2 * transactions + " transactions");
    }

    private static Uni<String> setting(String name) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery("select current_setting(:name)",
                String.class).setParameter("name", name).getSingleResult());
    }
}
