package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static app.essence.profiles.Api.createProfile;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.essence.common.events.BillingEvents.SubscriptionChanged;
import app.essence.common.events.BillingEvents.UserBillingErased;
import app.essence.common.events.ClipEvents.UserClipsErased;
import app.essence.common.events.EventCodec;
import app.essence.common.events.EventType;
import app.essence.common.events.MessageEvents.UserMessagesErased;
import app.essence.common.events.ProfileEvents.UserDeleted;
import app.essence.common.storage.StorageKeys;
import app.essence.testing.ConsumerLag;
import app.essence.testing.HeldUpload;
import app.essence.testing.KafkaResource;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.PostgresResource;
import app.essence.testing.TestTokens;
import app.essence.testing.UserTraces;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Account erasure as profiles-service holds it (docs/erasure.md): DELETE /v1/me erases its part at once and emits
 * UserDeleted once, the record follows each service's confirmation, asking again changes nothing, and the erased
 * user's still valid token makes nothing again.
 */
@QuarkusTest
class ErasureTests {
    private static final Path STORAGE = Path.of("target/test-storage");
    private static final String ERASED = "https://essence.app/problems/account-erased";

    @Test
    void deleteMeErasesProfilesItsRecordFollowsEachServiceAndNothingComesBack() throws Exception {
        UUID user = UUID.randomUUID();
        as(user).contentType("application/json").body("{\"name\": \"Rose\"}").patch("/v1/me").then().statusCode(200);
        String profile = createProfile(user, "Grandma Rose");
        as(user).contentType("application/octet-stream").body(AvatarTests.image("png"))
                .put("/v1/profiles/" + profile + "/avatar").then().statusCode(200);
        KafkaTestClient.publish(new SubscriptionChanged(user, "essential", "active", null, false, Instant.now()));
        await().atMost(Duration.ofSeconds(30)).until(() -> count("select count(*) from user_plans where user_id = '"
                + user + "'") == 1);
        UUID bystander = UUID.randomUUID();
        String kept = createProfile(bystander, "Someone else's");

        JsonPath asked = as(user).delete("/v1/me").then().statusCode(202).header("Location", endsWith("/v1/me/erasure"))
                .body("user_id", equalTo(user.toString())).body("complete", equalTo(false))
                .body("services.service", equalTo(List.of("profiles-service", "clips-service", "messages-service",
                        "billing-service")))
                .extract().jsonPath();
        assertEquals(1, userDeleted(user, 1), "UserDeleted through the outbox");
        as(user).get("/v1/profiles/" + profile).then().statusCode(404);
        await().atMost(Duration.ofSeconds(20)).until(() -> as(user).get("/v1/me/erasure").jsonPath()
                .getBoolean("services[0].done"));

        // The others confirm; a redelivered confirmation changes nothing.
        KafkaTestClient.publish(new UserClipsErased(user, Instant.now()));
        EventCodec.Encoded messages = KafkaTestClient.publish(new UserMessagesErased(user, Instant.now()));
        KafkaTestClient.publish(new UserBillingErased(user, Instant.now()));
        await().atMost(Duration.ofSeconds(20)).until(() -> as(user).get("/v1/me/erasure").jsonPath()
                .getBoolean("complete"));
        String messagesDone = as(user).get("/v1/me/erasure").jsonPath().getString("services[2].erased_at");
        KafkaTestClient.send(EventType.Topics.MESSAGES, user.toString(), messages.json());

        // Asked again: 202, the same record, no second UserDeleted.
        as(user).delete("/v1/me").then().statusCode(202).body("requested_at",
                equalTo(asked.getString("requested_at"))).body("complete", equalTo(true));
        given().auth().oauth2(TestTokens.operator(UUID.randomUUID())).delete("/v1/operator/users/" + user).then()
                .statusCode(202).body("complete", equalTo(true));
        assertEquals(1, userDeleted(user, 2));

        // The token is still valid: nothing is made for the account again.
        as(user).contentType("application/json").body("{\"name\": \"Back\", \"relation\": \"friend\"}")
                .post("/v1/profiles").then().statusCode(410).contentType("application/problem+json")
                .body("type", equalTo(ERASED));
        as(user).get("/v1/me").then().statusCode(410).body("type", equalTo(ERASED));
        KafkaTestClient.publish(new SubscriptionChanged(user, "family_archive", "active", null, false,
                Instant.now()));
        ConsumerLag.awaitNone(KafkaResource.broker().bootstrapServers(), Map.of("profiles-service",
                List.of(EventType.Topics.MESSAGES, EventType.Topics.BILLING)), Duration.ofSeconds(30));
        assertEquals(messagesDone, as(user).get("/v1/me/erasure").jsonPath().getString("services[2].erased_at"));

        assertEquals(List.of(), traces(user, profile));
        as(bystander).get("/v1/profiles/" + kept).then().statusCode(200);
    }

    @Test
    void theVerySameTokenUsedBeforeTheErasureIsRefusedAfterIt() {
        UUID user = UUID.randomUUID();
        String token = TestTokens.user(user);
        given().auth().oauth2(token).get("/v1/me").then().statusCode(200);
        given().auth().oauth2(token).delete("/v1/me").then().statusCode(202);

        // The token was verified once and kept (common-lib VerifiedTokens); the erasure is checked on each request.
        given().auth().oauth2(token).get("/v1/me").then().statusCode(410).body("type", equalTo(ERASED));
        given().auth().oauth2(token).contentType("application/json")
                .body("{\"name\": \"Back\", \"relation\": \"friend\"}").post("/v1/profiles").then().statusCode(410)
                .body("type", equalTo(ERASED));
    }

    @Test
    void theOperatorRouteErasesAnyUserAndOnlyAnOperatorMay() {
        UUID user = UUID.randomUUID();
        String profile = createProfile(user, "Grandpa Joe");
        as(user).delete("/v1/operator/users/" + user).then().statusCode(403);
        as(user).get("/v1/operator/users/" + user + "/erasure").then().statusCode(403);
        as(user).get("/v1/profiles/" + profile).then().statusCode(200);
        as(user).get("/v1/me/erasure").then().statusCode(404).contentType("application/problem+json");

        given().auth().oauth2(TestTokens.operator(UUID.randomUUID())).delete("/v1/operator/users/" + user).then()
                .statusCode(202).header("Location", endsWith("/v1/operator/users/" + user + "/erasure"));
        as(user).get("/v1/profiles/" + profile).then().statusCode(404);
        given().auth().oauth2(TestTokens.operator(UUID.randomUUID())).get("/v1/operator/users/" + user + "/erasure")
                .then().statusCode(200).body("user_id", equalTo(user.toString()));
        given().auth().oauth2(TestTokens.operator(UUID.randomUUID())).get("/v1/operator/users/" + UUID.randomUUID()
                + "/erasure").then().statusCode(404);
    }

    @Test
    void aPartNotDoneLongAfterTheErasureWasAskedForShowsAsStuck() throws Exception {
        UUID user = UUID.randomUUID();
        as(user).delete("/v1/me").then().statusCode(202).body("services.stuck", equalTo(List.of(false, false, false,
                false)));
        await().atMost(Duration.ofSeconds(20)).until(() -> as(user).get("/v1/me/erasure").jsonPath()
                .getBoolean("services[0].done"));
        try (Connection db = PostgresResource.connect("essence_profiles_test")) {
            db.createStatement().execute("update user_erasures set requested_at = now() - interval '2 hours' "
                    + "where user_id = '" + user + "'");
        }
        // Only the parts still waiting, for longer than essence.erasure.stuck-after (1h), are stuck.
        as(user).get("/v1/me/erasure").then().statusCode(200).body("services.stuck", equalTo(List.of(false, true,
                true, true)));
        given().auth().oauth2(TestTokens.operator(UUID.randomUUID())).get("/v1/operator/users/" + user + "/erasure")
                .then().statusCode(200).body("services[1].stuck", equalTo(true));
    }

    @Test
    void anAvatarUploadTheErasureOvertookLeavesNoFileEvenIfItsOwnCleanupNeverRuns() throws Exception {
        UUID user = UUID.randomUUID();
        String profile = createProfile(user, "Grandpa Joe");
        byte[] picture = new byte[64 * 1024];
        System.arraycopy(AvatarTests.image("png"), 0, picture, 0, 16);
        // The failed upload's own cleanup never reaches the database, as if the process died right after the move.
        String dies = "avatar_cleanup_dies_" + user.toString().replace('-', '_');
        execute("create function " + dies + "() returns trigger language plpgsql as $$ begin "
                + "raise exception 'simulated crash'; end $$");
        execute("create trigger " + dies + " before insert on storage_removals for each row when (new.key like "
                + "'avatars/" + user + "/%/%.%') execute function " + dies + "()");
        // No byte of the body yet: the upload is past its ownership check and waits for it when the erasure commits
        // (and removes the user's folders, where nothing is staged yet).
        try (HeldUpload upload = HeldUpload.start(user, "/v1/profiles/" + profile + "/avatar", picture, 0)) {
            Thread.sleep(500);
            as(user).delete("/v1/me").then().statusCode(202);
            upload.release();
            assertEquals(404, upload.status(Duration.ofSeconds(20)), upload.head(Duration.ofSeconds(1)));
        } finally {
            execute("drop trigger " + dies + " on storage_removals");
            execute("drop function " + dies + "()");
        }
        // Sweeps run every second here.
        await().atMost(Duration.ofSeconds(10)).until(() -> filesOf(user).isEmpty());
        assertEquals(List.of(), filesOf(user));
        await().atMost(Duration.ofSeconds(10)).until(() -> count("select count(*) from storage_removals "
                + "where position('" + user + "' in key) > 0") == 0);
    }

    /** Every file in the user's avatar folders, committed, staged or partial. */
    private static List<Path> filesOf(UUID user) throws java.io.IOException {
        List<Path> files = new ArrayList<>();
        for (String folder : StorageKeys.userAvatarFolders(user)) {
            if (Files.isDirectory(STORAGE.resolve(folder))) {
                try (var walk = Files.walk(STORAGE.resolve(folder))) {
                    walk.filter(Files::isRegularFile).forEach(files::add);
                }
            }
        }
        return files;
    }

    private static void execute(String sql) throws java.sql.SQLException {
        try (Connection db = PostgresResource.connect("essence_profiles_test");
                var statement = db.createStatement()) {
            statement.execute(sql);
        }
    }

    private static long userDeleted(UUID user, int atMost) {
        return KafkaTestClient.eventsOf(EventType.Topics.PROFILES, user.toString(),
                event -> event instanceof UserDeleted, atMost).size();
    }

    /** What the database and the storage still hold of the user, the record of the erasure aside. */
    private static List<String> traces(UUID user, String profile) throws Exception {
        List<String> left = new ArrayList<>();
        try (Connection db = PostgresResource.connect("essence_profiles_test")) {
            UserTraces.of(db, List.of(user.toString(), profile)).stream().filter(trace -> !trace.recordsErasure())
                    .forEach(trace -> left.add(trace.toString()));
        }
        StorageKeys.userAvatarFolders(user).stream().map(STORAGE::resolve).filter(Files::exists)
                .forEach(folder -> left.add(folder.toString()));
        return left;
    }

    private static long count(String sql) {
        try (Connection db = PostgresResource.connect("essence_profiles_test");
                var rows = db.createStatement().executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
