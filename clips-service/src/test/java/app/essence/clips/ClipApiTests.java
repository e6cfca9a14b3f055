package app.essence.clips;

import static app.essence.clips.Clips.announcedProfile;
import static app.essence.clips.Clips.as;
import static app.essence.clips.Clips.clipsOf;
import static app.essence.clips.Clips.filesOf;
import static app.essence.clips.Clips.storedClip;
import static app.essence.testing.AudioFixtures.mp3Header;
import static app.essence.testing.AudioFixtures.toneWav;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.common.problem.ProblemType;
import app.essence.testing.ApiRoutes;
import app.essence.testing.AudioFixtures;
import app.essence.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.io.ByteArrayInputStream;
import app.essence.testing.PostgresResource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Recording, re-recording, playing back and removing clips, and what is refused. */
@QuarkusTest
class ClipApiTests {

    @Test
    void uploadListPlayBackAndRemoveAClip() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        byte[] audio = AudioFixtures.wav(AudioFixtures.voiceLike(500, -20)); // half a second of speech

        as(user).contentType("audio/wav").body(audio).put(clipsOf(profile) + "/3").then().statusCode(201)
                .header("Location", endsWith(clipsOf(profile) + "/3"))
                .body("prompt_index", equalTo(3)).body("stage", equalTo(1)).body("recorded", equalTo(true))
                .body("mime_type", equalTo("audio/wav")).body("size_bytes", equalTo(audio.length))
                .body("quality_status", equalTo("redo_suggested")).body("quality_reason", equalTo("too_short"))
                .body("prompt_text", notNullValue());
        assertArrayEquals(audio, Files.readAllBytes(storedClip(user, profile, 3).orElseThrow()));

        as(user).get(clipsOf(profile)).then().statusCode(200)
                .body("items", hasSize(25)).body("recorded_count", equalTo(1)).body("prompt_count", equalTo(25))
                .body("items[3].recorded", equalTo(true)).body("items[4].recorded", equalTo(false))
                .body("items[4].prompt_text", notNullValue()).body("next_cursor", nullValue());
        as(user).get(clipsOf(profile) + "/3").then().statusCode(200).body("size_bytes", equalTo(audio.length));

        byte[] whole = as(user).get(clipsOf(profile) + "/3/audio").then().statusCode(200)
                .contentType("audio/wav").header("Accept-Ranges", "bytes").extract().asByteArray();
        assertArrayEquals(audio, whole);
        byte[] part = as(user).header("Range", "bytes=44-143").get(clipsOf(profile) + "/3/audio").then()
                .statusCode(206).header("Content-Range", "bytes 44-143/" + audio.length)
                .header("Content-Length", "100").extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(audio, 44, 144), part);
        as(user).header("Range", "bytes=" + audio.length + "-").get(clipsOf(profile) + "/3/audio").then()
                .statusCode(416).header("Content-Range", "bytes */" + audio.length);
        // HEAD: GET's headers, the file not sent (on S3, a redirect to a URL signed for HEAD: S3StorageIT).
        as(user).head(clipsOf(profile) + "/3/audio").then().statusCode(200).contentType("audio/wav")
                .header("Content-Length", String.valueOf(audio.length)).header("Accept-Ranges", "bytes");
        as(user).header("Range", "bytes=44-143").head(clipsOf(profile) + "/3/audio").then().statusCode(206)
                .header("Content-Range", "bytes 44-143/" + audio.length).header("Content-Length", "100");

        as(user).delete(clipsOf(profile) + "/3").then().statusCode(204);
        assertEquals(List.of(), filesOf(user, profile), "the file went with its clip");
        as(user).get(clipsOf(profile)).then().body("recorded_count", equalTo(0))
                .body("items.recorded", everyItem(equalTo(false)));
        as(user).get(clipsOf(profile) + "/3").then().statusCode(404);
        as(user).delete(clipsOf(profile) + "/3").then().statusCode(404);
    }

    @Test
    void reRecordingReplacesTheRowAndTheFileAndLeavesNoOrphan() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        String id = as(user).body(toneWav(300)).put(clipsOf(profile) + "/0").then().statusCode(201)
                .extract().path("id");

        byte[] mp3 = mp3Header(2000);
        as(user).body(mp3).put(clipsOf(profile) + "/0").then().statusCode(200)
                .body("id", equalTo(id)).body("mime_type", equalTo("audio/mpeg")).body("size_bytes", equalTo(2000));
        List<Path> files = filesOf(user, profile);
        assertEquals(1, files.size(), "the replaced recording and the staged upload are gone: " + files);
        assertArrayEquals(mp3, Files.readAllBytes(files.get(0)));
        assertTrue(files.get(0).getFileName().toString().matches("0\\.[0-9a-f-]{36}\\.mp3"), files.get(0) + "");
        as(user).get(clipsOf(profile)).then().body("recorded_count", equalTo(1));
        as(user).get(clipsOf(profile) + "/0/audio").then().statusCode(200).contentType("audio/mpeg");
    }

    @Test
    void aReRecordThatFailsAfterItsFileIsPlacedKeepsTheOldTakePlaying() throws Exception {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        byte[] oldTake = toneWav(300);
        as(user).body(oldTake).put(clipsOf(profile) + "/7").then().statusCode(201);

        // The new take reaches its final key; then its event cannot be written and the transaction rolls back.
        try (Connection db = PostgresResource.connect("essence_clips_test"); Statement sql = db.createStatement()) {
            String refuse = "refuse_events_of_" + profile.toString().replace('-', '_');
            sql.execute("create function " + refuse + "() returns trigger language plpgsql as $$ begin "
                    + "if new.payload like '%" + profile + "%' then raise exception 'refused in a test'; end if; "
                    + "return new; end; $$");
            sql.execute("create trigger " + refuse + " before insert on outbox_events for each row execute function "
                    + refuse + "()");
            try {
                as(user).body(toneWav(400)).put(clipsOf(profile) + "/7").then().statusCode(500)
                        .contentType("application/problem+json");
            } finally {
                sql.execute("drop trigger " + refuse + " on outbox_events");
                sql.execute("drop function " + refuse + "()");
            }
        }

        byte[] playing = as(user).get(clipsOf(profile) + "/7/audio").then().statusCode(200).extract().asByteArray();
        assertArrayEquals(oldTake, playing, "the committed take still plays");
        as(user).get(clipsOf(profile) + "/7").then().body("size_bytes", equalTo(oldTake.length));
        assertEquals(1, filesOf(user, profile).size(), "the failed take left no file: " + filesOf(user, profile));
    }

    @Test
    void promptIndexOutsideTheScriptIsABadRequest() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        for (String index : new String[] { "25", "-1", "abc", "3.5" }) {
            as(user).body(toneWav(100)).put(clipsOf(profile) + "/" + index).then().statusCode(400)
                    .contentType("application/problem+json").body("errors[0].field", equalTo("prompt_index"));
            as(user).get(clipsOf(profile) + "/" + index + "/audio").then().statusCode(400);
            as(user).delete(clipsOf(profile) + "/" + index).then().statusCode(400);
        }
    }

    @Test
    void audioIsCheckedByItsBytesAndItsSize() {
        UUID user = UUID.randomUUID();
        UUID profile = announcedProfile(user);
        byte[] png = { (byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0, 0, 0, 0, 0 };
        as(user).contentType("audio/wav").body(png).put(clipsOf(profile) + "/1").then().statusCode(415)
                .contentType("application/problem+json");
        as(user).body("just some text, not audio").put(clipsOf(profile) + "/1").then().statusCode(415);

        // Declared too large, and streamed without a length past the limit (300 000 bytes in the tests).
        as(user).body(toneWav(10_000)).put(clipsOf(profile) + "/1").then().statusCode(413)
                .contentType("application/problem+json");
        as(user).body(new ByteArrayInputStream(toneWav(10_000))).put(clipsOf(profile) + "/1").then().statusCode(413);

        as(user).get(clipsOf(profile)).then().body("recorded_count", equalTo(0));
        assertEquals(List.of(), filesOf(user, profile), "nothing was stored, not even staged");
    }

    @Test
    void everyDocumentedRouteRequiresAToken() {
        Set<String> routes = ApiRoutes.documented();
        assertTrue(routes.containsAll(Set.of("GET /v1/prompts", "GET /v1/profiles/{id}/clips",
                "PUT /v1/profiles/{id}/clips/{promptIndex}", "GET /v1/profiles/{id}/clips/{promptIndex}",
                "DELETE /v1/profiles/{id}/clips/{promptIndex}", "GET /v1/profiles/{id}/clips/{promptIndex}/audio",
                "POST /v1/profiles/{id}/training", "GET /v1/profiles/{id}/training")), routes.toString());
        for (String route : routes) {
            given().contentType(ContentType.JSON).body("{}").request(ApiRoutes.method(route),
                    ApiRoutes.path(route, Map.of("id", UUID.randomUUID().toString(), "promptIndex", "0")))
                    .then().statusCode(401).contentType("application/problem+json")
                    .header("WWW-Authenticate", "Bearer");
        }
    }

    @Test
    void anotherUsersProfileAnswers404OnEveryRouteOfAProfile() {
        UUID owner = UUID.randomUUID();
        UUID profile = announcedProfile(owner);
        as(owner).body(toneWav(200)).put(clipsOf(profile) + "/2").then().statusCode(201);
        UUID stranger = announcedProfileOwner();
        // What a valid request of each route that takes a body carries; the stranger's must fail on ownership alone.
        Map<String, RequestBody> bodies = Map.of(
                "PUT /v1/profiles/{id}/clips/{promptIndex}", new RequestBody("audio/wav", toneWav(200)),
                "POST /v1/profiles/{id}/training", new RequestBody("application/json",
                        "{\"consent\": true, \"consent_statement\": \"I have the speaker's consent.\"}".getBytes()));

        List<String> routes = ApiRoutes.documented().stream().filter(r -> r.contains("/v1/profiles/{id}")).toList();
        assertTrue(routes.size() >= 7 && routes.containsAll(bodies.keySet()), routes.toString());
        for (String route : routes) {
            String method = ApiRoutes.method(route);
            var request = as(stranger);
            if (Set.of("POST", "PUT", "PATCH").contains(method)) {
                RequestBody body = bodies.get(route);
                assertNotNull(body, "give the test a valid body for " + route);
                request.contentType(body.contentType()).body(body.bytes());
            }
            request.request(method, ApiRoutes.path(route, Map.of("id", profile.toString(), "promptIndex", "2")))
                    .then().statusCode(404).contentType("application/problem+json");
        }

        as(owner).get(clipsOf(profile)).then().body("recorded_count", equalTo(1))
                .body("items[2].size_bytes", equalTo(toneWav(200).length));
        assertEquals(List.of(), filesOf(stranger, profile));
        assertEquals(1, filesOf(owner, profile).size(), "only the owner's recording: " + filesOf(owner, profile));
        as(owner).get("/v1/profiles/" + profile + "/training").then().statusCode(200)
                .body("state", equalTo("not_submitted"));
    }

    private record RequestBody(String contentType, byte[] bytes) {
    }

    @Test
    void anAnonymousUserMayReadButNeitherRecordNorTrain() {
        UUID guest = UUID.randomUUID();
        // A profile of the guest's id, as if made before: reading it is allowed, adding to it is not.
        UUID profile = announcedProfile(guest);
        given().auth().oauth2(TestTokens.anonymous(guest)).get("/v1/prompts").then().statusCode(200);
        given().auth().oauth2(TestTokens.anonymous(guest)).get(clipsOf(profile)).then().statusCode(200);

        signUpFirst(given().auth().oauth2(TestTokens.anonymous(guest)).contentType("audio/wav").body(toneWav(300))
                .put(clipsOf(profile) + "/0"));
        signUpFirst(given().auth().oauth2(TestTokens.anonymous(guest)).contentType(ContentType.JSON)
                .body(Map.of("consent", true, "consent_statement", "I have the speaker's consent."))
                .post("/v1/profiles/" + profile + "/training"));

        as(guest).get(clipsOf(profile)).then().body("recorded_count", equalTo(0));
        as(guest).get("/v1/profiles/" + profile + "/training").then().body("state", equalTo("not_submitted"));
        assertEquals(List.of(), filesOf(guest, profile));
    }

    private static void signUpFirst(io.restassured.response.Response response) {
        response.then().statusCode(403).contentType("application/problem+json")
                .body("type", equalTo(ProblemType.ANONYMOUS_USER.uri()))
                .body("detail", containsString("sign up"));
    }

    @Test
    void theScriptHas25PromptsInThreeStagesForTwoToThreeMinutesOfSpeech() {
        List<String> texts = as(UUID.randomUUID()).get("/v1/prompts").then().statusCode(200)
                .body("items", hasSize(25)).body("items[0].prompt_index", equalTo(0))
                .body("items[0].stage", equalTo(1)).body("items[24].stage", equalTo(3))
                .body("items.prompt_text", everyItem(notNullValue()))
                .extract().path("items.prompt_text");
        int words = texts.stream().mapToInt(text -> text.trim().split("\\s+").length).sum();
        // Read at a natural 150 words a minute: 2 to 3 minutes, what instant voice cloning asks for.
        assertTrue(words >= 300 && words <= 450, words + " words");
    }

    private static UUID announcedProfileOwner() {
        UUID user = UUID.randomUUID();
        announcedProfile(user);
        return user;
    }
}
