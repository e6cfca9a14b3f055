package app.essence.messages;

import static app.essence.messages.Messages.announcedProfile;
import static app.essence.messages.Messages.as;
import static app.essence.messages.Messages.body;
import static app.essence.messages.Messages.draft;
import static app.essence.messages.Messages.message;
import static app.essence.messages.Messages.messagesOf;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.events.EssenceEvent;
import app.essence.common.events.EventType;
import app.essence.common.events.MessageEvents.MessageCreated;
import app.essence.common.events.MessageEvents.MessageDeleted;
import app.essence.common.problem.ProblemType;
import app.essence.testing.ApiRoutes;
import app.essence.testing.KafkaTestClient;
import app.essence.testing.ProfilesServiceStub;
import app.essence.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Writing, listing, reading, editing and deleting messages, and what is refused. */
@QuarkusTest
class MessageApiTests {

    @Test
    void writeReadEditAndDeleteAMessage() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        var created = as(user).body(body("For your 18th", "birthday", "My daughter", "For your 18th birthday",
                "I am so proud of the person you became")).post(messagesOf(profile));
        String id = created.then().statusCode(201)
                .header("Location", endsWith("/v1/messages/" + created.path("id")))
                .body("status", equalTo("draft")).body("profile_id", equalTo(profile.toString()))
                .body("user_id", equalTo(user.toString())).body("category", equalTo("birthday"))
                .body("generated_text", containsString("I am so proud of the person you became."))
                .body("generated_text", containsString("Happy birthday, my daughter."))
                .body("writer_note", nullValue()).body("mime_type", equalTo("audio/mpeg"))
                .body("play_count", equalTo(0)).body("audio_storage_path", nullValue())
                .body("provenance", nullValue())
                .extract().path("id");

        as(user).get(message(id)).then().statusCode(200).body("title", equalTo("For your 18th"));
        as(user).body("{\"title\":\"Eighteen\",\"recipient_label\":null,\"generated_text\":\"  My own words.  \"}")
                .patch(message(id)).then().statusCode(200).body("title", equalTo("Eighteen"))
                .body("recipient_label", nullValue()).body("generated_text", equalTo("My own words."))
                .body("moment_label", equalTo("For your 18th birthday"));

        as(user).delete(message(id)).then().statusCode(204);
        as(user).get(message(id)).then().statusCode(404).contentType("application/problem+json");
        as(user).delete(message(id)).then().statusCode(404);
        as(user).get(messagesOf(profile)).then().statusCode(200).body("items", hasSize(0));
    }

    @Test
    void theListIsNewestFirstPagedAndFilteredByStatusAndCategory() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String first = as(user).body(body("One", "gratitude", null, null, "thank you")).post(messagesOf(profile))
                .then().statusCode(201).extract().path("id");
        String second = as(user).body(body("Two", "apology", null, null, "I was wrong")).post(messagesOf(profile))
                .then().statusCode(201).extract().path("id");
        String third = as(user).body(body("Three", "gratitude", null, null, "thank you again"))
                .post(messagesOf(profile)).then().statusCode(201).extract().path("id");

        String cursor = as(user).queryParam("limit", 2).get(messagesOf(profile)).then().statusCode(200)
                .body("items.id", equalTo(List.of(third, second))).body("next_cursor", notNullValue())
                .extract().path("next_cursor");
        as(user).queryParam("limit", 2).queryParam("cursor", cursor).get(messagesOf(profile)).then()
                .statusCode(200).body("items.id", equalTo(List.of(first))).body("next_cursor", nullValue());
        as(user).queryParam("category", "gratitude").get(messagesOf(profile)).then().statusCode(200)
                .body("items.id", equalTo(List.of(third, first)));
        as(user).queryParam("status", "draft").queryParam("category", "apology").get(messagesOf(profile)).then()
                .statusCode(200).body("items.id", equalTo(List.of(second)));
        as(user).queryParam("status", "ready").get(messagesOf(profile)).then().statusCode(200)
                .body("items", hasSize(0));
        as(user).queryParam("status", "spoken").get(messagesOf(profile)).then().statusCode(400)
                .body("errors[0].field", equalTo("status"));
        as(user).queryParam("category", "poem").get(messagesOf(profile)).then().statusCode(400)
                .body("errors[0].field", equalTo("category"));
        as(user).queryParam("cursor", "nonsense").get(messagesOf(profile)).then().statusCode(400)
                .body("errors[0].field", equalTo("cursor"));
    }

    @Test
    void aNewMessageNeedsItsFieldsAndAKnownCategory() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        as(user).body("{\"category\":\"birthday\",\"prompt_text\":\"hi\"}").post(messagesOf(profile)).then()
                .statusCode(400).body("type", equalTo(ProblemType.VALIDATION.uri()))
                .body("errors.field", equalTo(List.of("title")));
        as(user).body(body("T", "poem", null, null, "hi")).post(messagesOf(profile)).then().statusCode(400)
                .body("errors.field", equalTo(List.of("category")));
        as(user).body(body("T", "other", null, null, "  ")).post(messagesOf(profile)).then().statusCode(400)
                .body("errors.field", equalTo(List.of("prompt_text")));
        as(user).get(messagesOf(profile)).then().body("items", hasSize(0));
    }

    @Test
    void aBodyThatSetsWhatTheServerControlsIsRefusedAndChangesNothing() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        for (String field : List.of("\"status\":\"ready\"", "\"audio_storage_path\":\"x.mp3\"", "\"play_count\":9",
                "\"id\":\"" + UUID.randomUUID() + "\"", "\"generated_text\":\"mine\"")) {
            as(user).body("{\"title\":\"T\",\"category\":\"other\",\"prompt_text\":\"hi\"," + field + "}")
                    .post(messagesOf(profile)).then().statusCode(400)
                    .body("type", equalTo(ProblemType.UNKNOWN_FIELD.uri()));
        }
        as(user).get(messagesOf(profile)).then().body("items", hasSize(0));

        String id = draft(user, profile);
        for (String field : List.of("status", "audio_storage_path", "mime_type", "duration_ms", "size_bytes",
                "play_count", "last_played_at", "user_id", "profile_id", "id", "error_message", "provenance",
                "writer_note")) {
            as(user).body("{\"title\":\"Changed\",\"" + field + "\":null}").patch(message(id)).then().statusCode(400)
                    .body("type", equalTo(ProblemType.UNKNOWN_FIELD.uri())).body("errors[0].field", equalTo(field));
        }
        as(user).get(message(id)).then().body("title", equalTo("For courage")).body("status", equalTo("draft"));
        as(user).body("{\"title\":\"  \"}").patch(message(id)).then().statusCode(400)
                .body("errors[0].field", equalTo("title"));
        as(user).body("{\"generated_text\":null}").patch(message(id)).then().statusCode(400)
                .body("errors[0].field", equalTo("generated_text"));
    }

    @Test
    void onlyADraftOrAFailedMessageChangesAndOnlyADraftIsRewritten() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String id = draft(user, profile);
        Messages.update("update messages set status = 'generating' where id = ?", UUID.fromString(id));
        as(user).body("{\"title\":\"Changed\"}").patch(message(id)).then().statusCode(409)
                .body("type", equalTo(ProblemType.CONFLICT.uri()));
        as(user).post(message(id) + "/rewrite").then().statusCode(409);

        Messages.update("update messages set status = 'failed' where id = ?", UUID.fromString(id));
        as(user).body("{\"title\":\"Changed\"}").patch(message(id)).then().statusCode(200)
                .body("title", equalTo("Changed")).body("status", equalTo("failed"));
        as(user).post(message(id) + "/rewrite").then().statusCode(409);
    }

    @Test
    void aRewriteWritesTheTextAgainFromTheEditedPrompt() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String id = draft(user, profile);
        as(user).body("{\"prompt_text\":\"never stop singing\",\"generated_text\":\"placeholder\"}")
                .patch(message(id)).then().statusCode(200).body("generated_text", equalTo("placeholder"));
        as(user).post(message(id) + "/rewrite").then().statusCode(200)
                .body("generated_text", containsString("Never stop singing."))
                .body("generated_text", containsString("My daughter, I want you to hear this."));
    }

    @Test
    void everyChangeAnnouncesTheMessageCountAfterItInCommitOrder() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String first = draft(user, profile);
        draft(user, profile);
        as(user).body("{\"title\":\"Edited\"}").patch(message(first)).then().statusCode(200);
        as(user).delete(message(first)).then().statusCode(204);

        List<EssenceEvent> events = KafkaTestClient.eventsOf(EventType.Topics.MESSAGES, profile.toString(),
                event -> true, 3);
        assertEquals(3, events.size(), events.toString());
        assertEquals(List.of(1, 2, 1), events.stream().map(e -> e instanceof MessageCreated c ? c.messageCount()
                : ((MessageDeleted) e).messageCount()).toList());
        assertEquals(UUID.fromString(first), ((MessageDeleted) events.get(2)).messageId());
        assertEquals(user, ((MessageCreated) events.get(0)).userId());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).occurredAt().isAfter(events.get(i - 1).occurredAt()),
                    "each change of a profile's messages happens strictly after the one before");
        }
    }

    @Test
    void aGuestMayLookButNotWrite() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        given().auth().oauth2(TestTokens.anonymous(user)).contentType("application/json")
                .body(body("T", "other", null, null, "hi")).post(messagesOf(profile)).then().statusCode(403)
                .body("type", equalTo(ProblemType.ANONYMOUS_USER.uri()));
        given().auth().oauth2(TestTokens.anonymous(user)).get(messagesOf(profile)).then().statusCode(200);
    }

    @Test
    void aGuestMayNotChangeRewriteOrDeleteAMessage() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String id = Messages.draft(user, profile);
        String guest = TestTokens.anonymous(user);
        given().auth().oauth2(guest).contentType("application/json").body("{\"title\":\"Changed\"}")
                .patch(message(id)).then().statusCode(403).body("type", equalTo(ProblemType.ANONYMOUS_USER.uri()));
        given().auth().oauth2(guest).post(message(id) + "/rewrite").then().statusCode(403)
                .body("type", equalTo(ProblemType.ANONYMOUS_USER.uri()));
        given().auth().oauth2(guest).delete(message(id)).then().statusCode(403)
                .body("type", equalTo(ProblemType.ANONYMOUS_USER.uri()));
        as(user).get(message(id)).then().statusCode(200).body("title", equalTo("For courage"));
    }

    @Test
    void aProfileNotYetAnnouncedIsConfirmedByProfilesServiceAndAnotherUsersIsNot() {
        UUID user = UUID.randomUUID();
        UUID profile = UUID.randomUUID();
        String token = TestTokens.user(user);
        ProfilesServiceStub.answers(profile, token, user);
        given().auth().oauth2(token).contentType("application/json").body(body("T", "other", null, null, "hi"))
                .post(messagesOf(profile)).then().statusCode(201);
        assertEquals(1, ProfilesServiceStub.requestsFor(profile));

        UUID strangers = UUID.randomUUID();
        String strangerToken = TestTokens.user(UUID.randomUUID());
        ProfilesServiceStub.answers(strangers, strangerToken, UUID.randomUUID());
        given().auth().oauth2(strangerToken).get(messagesOf(strangers)).then().statusCode(404);

        UUID unreachable = UUID.randomUUID();
        ProfilesServiceStub.unreachableFor(unreachable);
        as(user).get(messagesOf(unreachable)).then().statusCode(503)
                .body("type", equalTo(ProblemType.UNAVAILABLE.uri()));
    }

    @Test
    void everyDocumentedRouteRequiresAToken() {
        Set<String> routes = ApiRoutes.documented();
        assertTrue(routes.containsAll(Set.of("GET /v1/profiles/{id}/messages", "POST /v1/profiles/{id}/messages",
                "GET /v1/messages/{id}", "PATCH /v1/messages/{id}", "DELETE /v1/messages/{id}",
                "POST /v1/messages/{id}/rewrite", "POST /v1/messages/{id}/synthesize",
                "GET /v1/messages/{id}/audio")), routes.toString());
        for (String route : routes) {
            given().contentType(ContentType.JSON).body("{}").request(ApiRoutes.method(route),
                    ApiRoutes.path(route, Map.of("id", UUID.randomUUID().toString())))
                    .then().statusCode(401).contentType("application/problem+json");
        }
    }

    @Test
    void anotherUsersMessageOrProfileAnswers404OnEveryRoute() {
        UUID owner = UUID.randomUUID();
        UUID profile = announcedProfile(owner);
        String id = draft(owner, profile);
        UUID stranger = UUID.randomUUID();
        announcedProfile(stranger);
        Map<String, String> bodies = Map.of(
                "POST /v1/profiles/{id}/messages", body("T", "other", null, null, "hi"),
                "PATCH /v1/messages/{id}", "{\"title\":\"Mine now\"}");
        Set<String> routes = ApiRoutes.documented();
        for (String route : routes.stream().filter(r -> r.contains("{id}")).toList()) {
            String target = route.contains("/v1/profiles/") ? profile.toString() : id;
            var request = as(stranger).body(bodies.getOrDefault(route, "{}"));
            request.request(ApiRoutes.method(route), ApiRoutes.path(route, Map.of("id", target))).then()
                    .statusCode(404).contentType("application/problem+json");
        }
        as(owner).get(message(id)).then().statusCode(200).body("title", equalTo("For courage"));
        assertNotNull(as(owner).get(messagesOf(profile)).path("items[0].id"));
    }
}
