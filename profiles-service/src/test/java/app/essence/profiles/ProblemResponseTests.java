package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.RawHttp;
import app.essence.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Every failure is an RFC 9457 problem: never a stack trace, never an HTML page. */
@QuarkusTest
class ProblemResponseTests {

    @Test
    void unknownPathIsAProblem() {
        given().accept("text/html").get("/no/such/page").then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body(not(containsString("<html")));
    }

    @Test
    void malformedJsonIsAProblem() {
        as(UUID.randomUUID()).body("{\"name\": ").post("/v1/profiles").then().statusCode(400)
                .contentType("application/problem+json")
                .body("type", equalTo("https://essence.app/problems/malformed-body"))
                .body(not(containsString("at com.fasterxml")));
    }

    @Test
    void wrongContentTypeIs415() {
        as(UUID.randomUUID()).contentType("text/plain").body("name=x").post("/v1/profiles").then().statusCode(415)
                .contentType("application/problem+json")
                .body("type", equalTo("https://essence.app/problems/unsupported-media-type"));
    }

    @Test
    void wrongMethodIs405() {
        as(UUID.randomUUID()).put("/v1/profiles").then().statusCode(405)
                .contentType("application/problem+json");
    }

    @Test
    void bodyOverTheServiceLimitIs413ProblemAndTheServiceKeepsServing() throws Exception {
        // Not JSON, so the service's largest route limit applies: an avatar's 5 MB.
        UUID user = UUID.randomUUID();
        String id = Api.createProfile(user, "Mum");
        RawHttp.Answer answer = RawHttp.send("PUT", "/v1/profiles/" + id + "/avatar", TestTokens.user(user),
                "image/png", 6 * 1024 * 1024, false);
        assertEquals(413, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.headers().get("content-type"));
        assertEquals("https://essence.app/problems/payload-too-large", answer.problemType());
        assertTrue(answer.body().contains("5242880"), answer.body());
        as(user).get("/v1/profiles/" + id).then().statusCode(200).body("has_avatar", equalTo(false));
    }

    @Test
    void jsonArrayInsteadOfObjectIsAProblem() {
        as(UUID.randomUUID()).body("[1,2]").post("/v1/profiles").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
