package app.essence.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The gateway ./essence up starts in front of the services: the edge work of docs/deploy.md, over real HTTP. */
@ExtendWith(LocalStack.class)
class GatewayIT {
    static final String WEB_ORIGIN = "https://web.essence.test";

    @Test
    void aRequestIdIsMadeWhenAbsentKeptWhenSentAndReachesTheServicesLog() throws Exception {
        String made = given().auth().oauth2(LocalStack.token("gina")).get(LocalStack.url("profiles", "/v1/me"))
                .then().statusCode(200).extract().header("X-Request-Id");
        assertTrue(made.matches("[0-9a-f]{32}"), made);
        String mine = "system-test-" + System.nanoTime();
        given().auth().oauth2(LocalStack.token("gina")).header("X-Request-Id", mine)
                .get(LocalStack.url("profiles", "/v1/profiles")).then().statusCode(200)
                .header("X-Request-Id", mine);
        String access = Files.readString(LocalStack.HOME.resolve("logs/gateway-access.log"));
        assertTrue(access.contains("\"request_id\":\"" + mine + "\""), "the access log names the request id");
    }

    @Test
    void theServicesOwnEndpointsAreNotExposed() {
        given().get(LocalStack.gateway("/q/health/ready")).then()
                .statusCode(404).contentType("application/problem+json")
                .body("type", equalTo("https://essence.app/problems/not-found"));
    }

    @Test
    void aJsonBodyOverItsLimitIsRefusedAtTheGatewayWithAProblem() {
        given().auth().oauth2(LocalStack.token("gina")).contentType(ContentType.JSON)
                .body("{\"name\":\"" + "x".repeat(70_000) + "\"}")
                .post(LocalStack.url("profiles", "/v1/profiles")).then().statusCode(413)
                .contentType("application/problem+json")
                .body("type", equalTo("https://essence.app/problems/payload-too-large"));
    }

    @Test
    void theWebClientsOriginGetsCorsAndOthersDoNot() {
        given().header("Origin", WEB_ORIGIN).header("Access-Control-Request-Method", "POST")
                .options(LocalStack.url("profiles", "/v1/profiles")).then().statusCode(204)
                .header("Access-Control-Allow-Origin", WEB_ORIGIN)
                .header("Access-Control-Allow-Headers", matchesPattern(".*Authorization.*"));
        given().header("Origin", "https://elsewhere.test").auth().oauth2(LocalStack.token("gina"))
                .get(LocalStack.url("profiles", "/v1/me")).then().statusCode(200)
                .header("Access-Control-Allow-Origin", nullValue());
        given().header("Origin", WEB_ORIGIN).contentType(ContentType.JSON).body(Map.of())
                .post(LocalStack.url("billing", "/stripe/webhook")).then()
                .header("Access-Control-Allow-Origin", nullValue());
    }

    @Test
    void theMergedApiDescriptionIsServed() {
        var description = given().get(LocalStack.gateway("/openapi.json")).then().statusCode(200)
                .body("paths", hasKey("/v1/profiles/{id}/clips/{promptIndex}"))
                .body("paths", hasKey("/v1/messages/{id}/audio"))
                .body("paths", hasKey("/stripe/webhook"))
                .extract().jsonPath();
        assertEquals("createProfile", description.getString("paths.'/v1/profiles'.post.operationId"));
    }
}
