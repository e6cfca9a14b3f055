package app.essence.profiles;

import static app.essence.profiles.Api.as;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;

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
    void jsonArrayInsteadOfObjectIsAProblem() {
        as(UUID.randomUUID()).body("[1,2]").post("/v1/profiles").then().statusCode(400)
                .contentType("application/problem+json");
    }
}
