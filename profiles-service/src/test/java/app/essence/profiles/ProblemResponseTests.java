package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import app.essence.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
    void bodyOverTheServiceLimitIs413ProblemBeforeItIsSent() throws Exception {
        // Expect: 100-continue lets the server refuse from the headers, before the client sends 6 MB.
        UUID user = UUID.randomUUID();
        String id = Api.createProfile(user, "Mum");
        HttpRequest request = HttpRequest.newBuilder(URI.create(RestAssured.baseURI + ":" + RestAssured.port
                        + "/v1/profiles/" + id + "/avatar"))
                .version(HttpClient.Version.HTTP_1_1)
                .expectContinue(true)
                .header("Authorization", "Bearer " + TestTokens.user(user))
                .header("Accept", "text/html")
                .header("Content-Type", "image/png")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(new byte[6 * 1024 * 1024]))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(413, response.statusCode());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("5242880"), response.body());
        assertFalse(response.body().contains("<html"), response.body());
    }

    @Test
    void jsonArrayInsteadOfObjectIsAProblem() {
        as(UUID.randomUUID()).body("[1,2]").post("/v1/profiles").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
