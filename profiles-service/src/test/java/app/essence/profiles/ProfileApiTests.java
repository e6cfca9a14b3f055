package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static app.essence.profiles.Api.createProfile;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import app.essence.common.events.BillingEvents.SubscriptionChanged;
import app.essence.testing.KafkaTestClient;
import java.time.Duration;
import java.time.Instant;

import app.essence.testing.ApiRoutes;
import app.essence.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ProfileApiTests {

    @Test
    void createdProfileIsTrimmedAndReadBack() {
        UUID user = UUID.randomUUID();
        String id = as(user).body(Map.of("name", "  Grandma Rose ", "relation", " grandmother ", "notes", "her laugh"))
                .post("/v1/profiles")
                .then().statusCode(201)
                .header("Location", containsString("/v1/profiles/"))
                .body("name", equalTo("Grandma Rose"))
                .body("relation", equalTo("grandmother"))
                .body("user_id", equalTo(user.toString()))
                .body("voice_model_status", equalTo("not_submitted"))
                .body("training_clip_count", equalTo(0))
                .body("elevenlabs_voice_id", nullValue())
                .extract().path("id");

        as(user).get("/v1/profiles/" + id).then().statusCode(200)
                .body("notes", equalTo("her laugh"))
                .body("created_at", notNullValue());
    }

    @Test
    void nameAndRelationAreRequired() {
        as(UUID.randomUUID()).body(Map.of("name", "   ")).post("/v1/profiles")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://essence.app/problems/validation"))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("relation"));
    }

    @Test
    void overlongNameIsRefused() {
        as(UUID.randomUUID()).body(Map.of("name", "x".repeat(101), "relation", "father")).post("/v1/profiles")
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
    }

    @Test
    void serverControlledFieldsAreRefusedOnCreate() {
        UUID user = UUID.randomUUID();
        for (String field : List.of("voice_model_status", "elevenlabs_voice_id", "user_id", "training_clip_count",
                "message_count", "created_at", "id")) {
            Map<String, Object> body = new HashMap<>(Map.of("name", "Dad", "relation", "father"));
            body.put(field, field.endsWith("count") ? 3 : "ready");
            as(user).body(body).post("/v1/profiles").then().statusCode(400)
                    .contentType("application/problem+json")
                    .body("errors[0].field", equalTo(field));
        }
        as(user).get("/v1/profiles").then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void patchChangesOnlyWritableFields() {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Mum");
        as(user).body(Map.of("notes", "sings in the kitchen")).patch("/v1/profiles/" + id)
                .then().statusCode(200)
                .body("name", equalTo("Mum"))
                .body("notes", equalTo("sings in the kitchen"));
        as(user).body(Map.of("voice_model_status", "ready")).patch("/v1/profiles/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("voice_model_status"));
        as(user).body(Map.of("name", "")).patch("/v1/profiles/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        as(user).body(Map.of("relation", 7)).patch("/v1/profiles/" + id)
                .then().statusCode(400).body("errors[0].field", equalTo("relation"));
        as(user).get("/v1/profiles/" + id).then()
                .body("voice_model_status", equalTo("not_submitted"))
                .body("name", equalTo("Mum"));
    }

    @Test
    void anotherUsersProfileAnswers404OnEveryRouteOfAProfile() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID stranger = UUID.randomUUID();
        String id = createProfile(owner, "Nan");
        byte[] png = AvatarTests.image("png");
        as(owner).contentType("image/png").body(png).put("/v1/profiles/" + id + "/avatar").then().statusCode(200);
        // What a valid request of each route that takes a body carries; the stranger's must fail on ownership alone.
        Map<String, RequestBody> bodies = Map.of(
                "PATCH /v1/profiles/{id}", new RequestBody("application/json", "{\"name\": \"mine now\"}".getBytes()),
                "PUT /v1/profiles/{id}/avatar", new RequestBody("image/png", AvatarTests.image("jpg")));

        List<String> routes = ApiRoutes.documented().stream().filter(r -> r.contains("/v1/profiles/{id}")).toList();
        assertTrue(routes.size() >= 6 && routes.containsAll(bodies.keySet()), routes.toString());
        for (String route : routes) {
            String method = ApiRoutes.method(route);
            var request = given().auth().oauth2(TestTokens.user(stranger));
            if (Set.of("POST", "PUT", "PATCH").contains(method)) {
                RequestBody body = bodies.get(route);
                assertNotNull(body, "give the test a valid body for " + route);
                request.contentType(body.contentType()).body(body.bytes());
            }
            request.request(method, ApiRoutes.path(route, Map.of("id", id))).then().statusCode(404)
                    .contentType("application/problem+json");
        }

        as(stranger).get("/v1/profiles").then().body("items", hasSize(0));
        as(owner).get("/v1/profiles/" + id).then().statusCode(200).body("name", equalTo("Nan"))
                .body("has_avatar", equalTo(true));
        assertArrayEquals(png, as(owner).get("/v1/profiles/" + id + "/avatar").then().statusCode(200)
                .extract().asByteArray());
    }

    private record RequestBody(String contentType, byte[] bytes) {
    }

    @Test
    void unknownAndMalformedIdsAnswer404() {
        UUID user = UUID.randomUUID();
        as(user).get("/v1/profiles/" + UUID.randomUUID()).then().statusCode(404);
        as(user).get("/v1/profiles/not-a-uuid").then().statusCode(404)
                .contentType("application/problem+json");
    }

    @Test
    void deletedProfileVanishesFromEveryRoute() {
        UUID user = UUID.randomUUID();
        String id = createProfile(user, "Grandad");
        as(user).delete("/v1/profiles/" + id).then().statusCode(204);
        as(user).get("/v1/profiles/" + id).then().statusCode(404);
        as(user).body(Map.of("name", "again")).patch("/v1/profiles/" + id).then().statusCode(404);
        as(user).delete("/v1/profiles/" + id).then().statusCode(404);
        as(user).get("/v1/profiles").then().body("items", hasSize(0));
    }

    @Test
    void listIsPagedWithAStableCursor() {
        UUID user = UUID.randomUUID();
        // Five profiles need a plan that allows them (PlanLimitTests covers the limit itself).
        KafkaTestClient.publish(new SubscriptionChanged(user, "family_archive", "active", null, false, Instant.now()));
        List<String> created = new ArrayList<>();
        created.add(createProfile(user, "Profile 0"));
        await().atMost(Duration.ofSeconds(20)).until(() -> as(user).body(Map.of("name", "Profile 1", "relation",
                "mother")).post("/v1/profiles").statusCode() == 201);
        created.addAll(as(user).get("/v1/profiles").then().extract().jsonPath().getList("items.id", String.class)
                .subList(1, 2));
        for (int i = 2; i < 5; i++) {
            created.add(createProfile(user, "Profile " + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var request = as(user).queryParam("limit", 2);
            if (cursor != null) {
                request.queryParam("cursor", cursor);
            }
            var page = request.get("/v1/profiles").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("items.id"));
            cursor = page.getString("next_cursor");
            pages++;
        } while (cursor != null);
        assertEquals(created, seen);
        assertEquals(3, pages);
    }

    @Test
    void concurrentFirstRequestsOfANewUserAllSucceed() throws Exception {
        UUID user = UUID.randomUUID();
        List<java.util.concurrent.CompletableFuture<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> as(user).get("/v1/me").then().extract().statusCode()));
        }
        for (var call : calls) {
            assertEquals(200, call.get());
        }
    }

    @Test
    void badPagingParametersAreNamed() {
        UUID user = UUID.randomUUID();
        as(user).queryParam("limit", 0).get("/v1/profiles").then().statusCode(400)
                .body("errors[0].field", equalTo("limit"));
        as(user).queryParam("limit", 101).get("/v1/profiles").then().statusCode(400);
        as(user).queryParam("cursor", "garbage!").get("/v1/profiles").then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void meIsCreatedOnFirstReadAndRenamable() {
        UUID user = UUID.randomUUID();
        as(user).get("/v1/me").then().statusCode(200)
                .body("id", equalTo(user.toString()))
                .body("email", equalTo("user@example.com"))
                .body("name", nullValue());
        as(user).body(Map.of("name", " Ada ")).patch("/v1/me").then().statusCode(200).body("name", equalTo("Ada"));
        as(user).get("/v1/me").then().body("name", equalTo("Ada"));
        as(user).body(Map.of()).patch("/v1/me").then().statusCode(200).body("name", equalTo("Ada"));
        as(user).body(Map.of("email", "x@y.z")).patch("/v1/me").then().statusCode(400)
                .body("errors[0].field", equalTo("email"));
    }
}
